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
            if (type is not null && type != typeof(byte[]) && type != typeof(object)) return null;
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
}
