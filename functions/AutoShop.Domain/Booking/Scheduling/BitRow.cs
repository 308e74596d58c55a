using System.Numerics;

namespace AutoShop.Domain.Booking.Scheduling;

/// <summary>
/// Bit operations over a row of <see cref="ulong"/> words where bit i means "bucket i". Whole
/// words are combined at once, which is what lets a search test a technician against a
/// two-week window in a few dozen instructions instead of walking booking lists.
/// </summary>
internal static class BitRow
{
    public static void SetRange(Span<ulong> row, int from, int to)
    {
        for (var i = from; i < to;)
        {
            var word = i >> 6;
            var offset = i & 63;
            var count = Math.Min(64 - offset, to - i);
            row[word] |= Mask(offset, count);
            i += count;
        }
    }

    public static void ClearRange(Span<ulong> row, int from, int to)
    {
        for (var i = from; i < to;)
        {
            var word = i >> 6;
            var offset = i & 63;
            var count = Math.Min(64 - offset, to - i);
            row[word] &= ~Mask(offset, count);
            i += count;
        }
    }

    public static bool IsSet(ReadOnlySpan<ulong> row, int bit) => (row[bit >> 6] & (1UL << (bit & 63))) != 0;

    /// <summary>
    /// Turns "bucket i is free" into "a run of <paramref name="length"/> free buckets starts at i",
    /// by doubling: after each step bit i covers twice as many buckets. Works in place because
    /// word w only reads words at or after w, which have not been rewritten yet.
    /// </summary>
    public static void KeepRunStarts(Span<ulong> row, int length)
    {
        var covered = 1;
        while (covered < length)
        {
            var step = Math.Min(covered, length - covered);
            AndShiftedDown(row, step);
            covered += step;
        }
    }

    public static void And(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var w = 0; w < target.Length; w++)
            target[w] &= other[w];
    }

    public static void Or(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var w = 0; w < target.Length; w++)
            target[w] |= other[w];
    }

    /// <summary>The first set bit at or after <paramref name="from"/>, or -1.</summary>
    public static int NextSetBit(ReadOnlySpan<ulong> row, int from)
    {
        var word = from >> 6;
        if (word >= row.Length)
            return -1;
        var bits = row[word] & (ulong.MaxValue << (from & 63));
        while (true)
        {
            if (bits != 0)
                return (word << 6) + BitOperations.TrailingZeroCount(bits);
            if (++word >= row.Length)
                return -1;
            bits = row[word];
        }
    }

    /// <summary>The last set bit at or before <paramref name="from"/>, or -1.</summary>
    public static int PreviousSetBit(ReadOnlySpan<ulong> row, int from)
    {
        if (from < 0)
            return -1;
        var word = from >> 6;
        var bits = row[word] & (ulong.MaxValue >> (63 - (from & 63)));
        while (true)
        {
            if (bits != 0)
                return (word << 6) + 63 - BitOperations.LeadingZeroCount(bits);
            if (--word < 0)
                return -1;
            bits = row[word];
        }
    }

    public static int PopCount(ReadOnlySpan<ulong> row, int bitCount)
    {
        var count = 0;
        for (var i = 0; i < bitCount; i += 64)
        {
            var word = row[i >> 6];
            if (bitCount - i < 64)
                word &= Mask(0, bitCount - i);
            count += BitOperations.PopCount(word);
        }
        return count;
    }

    // row[i] &= row[i + shift] for every bit i (bits past the end read as zero).
    private static void AndShiftedDown(Span<ulong> row, int shift)
    {
        var words = shift >> 6;
        var bits = shift & 63;
        for (var w = 0; w < row.Length; w++)
        {
            var lo = w + words < row.Length ? row[w + words] : 0;
            var hi = w + words + 1 < row.Length ? row[w + words + 1] : 0;
            var shifted = bits == 0 ? lo : (lo >> bits) | (hi << (64 - bits));
            row[w] &= shifted;
        }
    }

    private static ulong Mask(int offset, int count) => (count == 64 ? ulong.MaxValue : (1UL << count) - 1) << offset;
}
