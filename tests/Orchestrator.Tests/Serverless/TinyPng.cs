using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Xunit;

namespace Orchestrator.Tests.Serverless;

/// <summary>Builds tiny valid PNGs and checks that a file is one (signature, IHDR with a correct CRC).</summary>
public static class TinyPng
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Create(int width, int height, byte shade = 0x80)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                z.WriteByte(0);
                z.Write(Enumerable.Repeat(shade, width).ToArray());
            }
        }
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The width and height from a valid PNG header; throws when the bytes are not a PNG.</summary>
    public static (int Width, int Height) ReadHeader(byte[] bytes)
    {
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature");
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));
        var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        Assert.Equal(13, length);
        var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16 + length));
        Assert.Equal(Crc32(bytes.AsSpan(12, 4 + length)), crc);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        png.Write(buffer);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typed));
        png.Write(buffer);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
