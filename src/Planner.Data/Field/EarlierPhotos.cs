using Microsoft.EntityFrameworkCore;
using Planner.Data;

namespace Planner.Field;

/// <summary>The first stored photo with each of these files' bytes (by SHA-256): what a repeated photo is flagged as a copy of.</summary>
static class EarlierPhotos
{
    public static Task<Dictionary<string, long>> FindAsync(PlannerDbContext db, IReadOnlyList<EvidencePhoto> photos, CancellationToken cancellationToken)
    {
        var hashes = photos.Select(p => p.Sha256).Distinct().ToList();
        return db.EvidencePhotos.AsNoTracking().Where(p => hashes.Contains(p.Sha256))
            .GroupBy(p => p.Sha256).Select(g => new { Sha256 = g.Key, Id = g.Min(p => p.Id) })
            .ToDictionaryAsync(x => x.Sha256, x => x.Id, cancellationToken);
    }
}
