using Npgsql.Internal;
using Npgsql.Internal.Postgres;

namespace Planner.Data;

/// <summary>
/// Lets Npgsql read PostGIS <c>geometry</c> columns as their binary form, EWKB bytes. The NTS plugin
/// packages cannot be restored here, and EWKB is all the value converter needs.
/// </summary>
sealed class PostgisEwkbResolverFactory : PgTypeInfoResolverFactory
{
    public override IPgTypeInfoResolver CreateResolver() => new Resolver();
    public override IPgTypeInfoResolver? CreateArrayResolver() => null;

    sealed class Resolver : IPgTypeInfoResolver
    {
        public PgTypeInfo? GetTypeInfo(Type? type, DataTypeName? dataTypeName, PgSerializerOptions options)
        {
            if (dataTypeName is not { } name || name.UnqualifiedName != "geometry") return null;
            if (type == typeof(object)) return new PgTypeInfo(options, new EwkbObjectConverter(), name);
            if (type is not null && type != typeof(byte[])) return null;
            return new PgTypeInfo(options, new EwkbConverter(), name);
        }
    }

    sealed class EwkbConverter : PgStreamingConverter<byte[]>
    {
        public override byte[] Read(PgReader reader)
        {
            var bytes = new byte[reader.CurrentRemaining];
            reader.ReadBytes(bytes);
            return bytes;
        }

        public override async ValueTask<byte[]> ReadAsync(PgReader reader, CancellationToken cancellationToken = default)
        {
            var bytes = new byte[reader.CurrentRemaining];
            await reader.ReadBytesAsync(bytes, cancellationToken);
            return bytes;
        }

        public override Size GetSize(SizeContext context, byte[] value, ref object? writeState) => value.Length;

        public override void Write(PgWriter writer, byte[] value) => writer.WriteBytes(value);

        public override ValueTask WriteAsync(PgWriter writer, byte[] value, CancellationToken cancellationToken = default) =>
            writer.WriteBytesAsync(value, cancellationToken);
    }

    /// <summary>For untyped reads (GetValue): the same bytes, boxed.</summary>
    sealed class EwkbObjectConverter : PgStreamingConverter<object>
    {
        readonly EwkbConverter bytes = new();

        public override object Read(PgReader reader) => bytes.Read(reader);

        public override async ValueTask<object> ReadAsync(PgReader reader, CancellationToken cancellationToken = default) =>
            await bytes.ReadAsync(reader, cancellationToken);

        public override Size GetSize(SizeContext context, object value, ref object? writeState) => ((byte[])value).Length;

        public override void Write(PgWriter writer, object value) => writer.WriteBytes((byte[])value);

        public override ValueTask WriteAsync(PgWriter writer, object value, CancellationToken cancellationToken = default) =>
            writer.WriteBytesAsync((byte[])value, cancellationToken);
    }
}
