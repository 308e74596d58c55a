using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace AutoShop.Functions.Reporting.Drops;

/// <summary>
/// Writes a block blob without touching what readers see until <see cref="CommitAsync"/>: bytes are
/// staged as uncommitted blocks (a fixed-size buffer at a time, so memory stays flat), and the commit
/// replaces the blob's content in one step. An abandoned stream leaves only uncommitted blocks, which
/// storage discards. Also counts the bytes and hashes them (SHA-256) on the way through.
/// </summary>
public sealed class BlockStagingStream(BlockBlobClient blob, int blockSize = BlockStagingStream.DefaultBlockSize) : Stream
{
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    // Every block id of a blob must have the same length, also across runs that left uncommitted blocks behind.
    private readonly string runId = Guid.NewGuid().ToString("N");
    private readonly List<string> blockIds = [];
    private readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] buffer = new byte[blockSize];
    private int buffered;

    public long BytesWritten { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => BytesWritten;
    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        sha256.AppendData(data.Span);
        BytesWritten += data.Length;
        while (data.Length > 0)
        {
            var take = Math.Min(data.Length, buffer.Length - buffered);
            data[..take].CopyTo(buffer.AsMemory(buffered));
            buffered += take;
            data = data[take..];
            if (buffered == buffer.Length) await StageAsync(cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] data, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(data.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Staging happens as the buffer fills; flushing has nothing to send until the commit.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    /// <summary>Stages what is left and commits every staged block: the blob now has exactly these bytes. Returns the lower-case hex SHA-256.</summary>
    public async Task<string> CommitAsync(string contentType, CancellationToken ct)
    {
        if (buffered > 0) await StageAsync(ct);
        await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
        return Convert.ToHexStringLower(sha256.GetHashAndReset());
    }

    private async Task StageAsync(CancellationToken ct)
    {
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{runId}-{blockIds.Count:D6}"));
        using var content = new MemoryStream(buffer, 0, buffered, writable: false);
        await blob.StageBlockAsync(id, content, cancellationToken: ct);
        blockIds.Add(id);
        buffered = 0;
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write asynchronously: staging a block is a network call.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) sha256.Dispose();
        base.Dispose(disposing);
    }
}
