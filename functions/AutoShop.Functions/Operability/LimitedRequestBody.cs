namespace AutoShop.Functions.Operability;

/// <summary>
/// A request body that throws <see cref="BadHttpRequestException"/> (413) once more than the limit
/// has been read, or at the first read when the announced length is already over it. The same
/// exception Kestrel throws, so the same problem answer follows; an endpoint that checks the
/// announced length itself (uploads) still answers before reading.
/// </summary>
internal sealed class LimitedRequestBody(Stream inner, long maxBytes, long? announced) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        BeforeRead();
        return Count(inner.Read(buffer));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BeforeRead();
        return Count(await inner.ReadAsync(buffer, cancellationToken));
    }

    private void BeforeRead()
    {
        if (announced > maxBytes) throw TooLarge();
    }

    private int Count(int bytes)
    {
        read += bytes;
        if (read > maxBytes) throw TooLarge();
        return bytes;
    }

    private BadHttpRequestException TooLarge() =>
        new($"The request body may be at most {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
