namespace Planner.Web.Ogc;

/// <summary>
/// The OpenAPI 3.0 definition of <c>/ogc</c> (conformance class oas30): the paths, their parameters (with each
/// collection's filters) and the bearer token they need.
/// </summary>
public static class OgcOpenApi
{
    static Dictionary<string, object> Parameter(string name, string description, object schema, string @in = "query", bool required = false, bool explode = false) => new()
    {
        ["name"] = name, ["in"] = @in, ["description"] = description, ["required"] = required, ["style"] = @in == "path" ? "simple" : "form",
        ["explode"] = explode, ["schema"] = schema,
    };

    static Dictionary<string, object> Get(string summary, string operationId, IEnumerable<object> parameters, string contentType) => new()
    {
        ["get"] = new Dictionary<string, object>
        {
            ["summary"] = summary,
            ["operationId"] = operationId,
            ["parameters"] = parameters.ToList(),
            ["responses"] = new Dictionary<string, object>
            {
                ["200"] = new { description = summary, content = new Dictionary<string, object> { [contentType] = new { schema = new { type = "object" } } } },
                ["400"] = new { description = "a parameter is wrong (the answer says which and why)" },
                ["401"] = new { description = "no valid access token" },
                ["404"] = new { description = "no such collection or feature" },
            },
        },
    };

    public static object Document(string baseUrl)
    {
        object Crs(string what) => Parameter(what, what == "crs" ? "CRS of the answer's coordinates" : "CRS of bbox", new { type = "string", format = "uri", @enum = OgcCrs.Supported, @default = OgcCrs.Crs84 });
        var common = new List<object>
        {
            Parameter("limit", "features per page", new { type = "integer", minimum = 1, maximum = OgcApi.MaxLimit, @default = OgcApi.DefaultLimit }),
            Parameter("offset", "features to skip (the next link carries it)", new { type = "integer", minimum = 0, @default = 0 }),
            Parameter("bbox", "minx,miny,maxx,maxy in bbox-crs's axis order", new { type = "array", minItems = 4, maxItems = 6, items = new { type = "number" } }),
            Crs("bbox-crs"),
            Crs("crs"),
            Parameter("datetime", "an RFC 3339 instant or interval: sites by their planned period, problems by when they were reported", new { type = "string" }),
        };
        var paths = new Dictionary<string, object>
        {
            ["/"] = Get("landing page", "getLandingPage", [], "application/json"),
            ["/conformance"] = Get("conformance classes", "getConformance", [], "application/json"),
            ["/api"] = Get("this definition", "getApi", [], "application/vnd.oai.openapi+json;version=3.0"),
            ["/collections"] = Get("the collections", "getCollections", [], "application/json"),
        };
        foreach (var c in OgcCollection.All)
        {
            var filters = c.Filters.Select(f => Parameter(f, $"filter {f}, as the map's URLs take it", new { type = "string" }));
            paths[$"/collections/{c.Id}"] = Get($"{c.Id}: the collection", $"describe-{c.Id}", [], "application/json");
            paths[$"/collections/{c.Id}/items"] = Get($"{c.Id}: features", $"get-{c.Id}-features", common.Concat(filters), "application/geo+json");
            paths[$"/collections/{c.Id}/items/{{featureId}}"] = Get($"{c.Id}: one feature", $"get-{c.Id}-feature",
                [Parameter("featureId", "the feature's id", new { type = "string" }, "path", required: true), Crs("crs")], "application/geo+json");
        }
        return new Dictionary<string, object>
        {
            ["openapi"] = "3.0.3",
            ["info"] = new { title = "Planner OGC API Features", version = "1.0.0", description = "Remediation sites, townships and reported problems; read-only, with a personal access token (Bearer)." },
            ["servers"] = new[] { new { url = baseUrl } },
            ["components"] = new { securitySchemes = new { token = new { type = "http", scheme = "bearer", description = "a personal access token (/Account/Tokens or planner tokens create)" } } },
            ["security"] = new[] { new Dictionary<string, object> { ["token"] = Array.Empty<string>() } },
            ["paths"] = paths,
        };
    }
}
