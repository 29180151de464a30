using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Planner.Cli;
using Planner.Data;
using Planner.Sample;

namespace Planner.Tests.Cli;

/// <summary>`planner migrate` and `planner seed`, run in-process on a fresh database of each engine.</summary>
public abstract class DatabaseCommandsTests(PostgisServer server, DatabaseEngine engine) : IAsyncLifetime
{
    string connectionString = "";
    string? sqliteFile;

    public async ValueTask InitializeAsync()
    {
        if (engine == DatabaseEngine.Postgres) connectionString = await server.CreateDatabaseAsync();
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"planner-cli-{Guid.NewGuid():N}.db");
            connectionString = $"Data Source={sqliteFile};Pooling=False";
        }
    }

    public ValueTask DisposeAsync()
    {
        if (sqliteFile is not null && File.Exists(sqliteFile)) File.Delete(sqliteFile);
        return ValueTask.CompletedTask;
    }

    static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    static async Task<(int Exit, string Output, string Error)> RunWithInputAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = error };
        var exit = await PlannerCommands.InvokeAsync(args, config, new StringReader(input), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Export_on_an_empty_database_says_there_are_no_townships_and_an_unknown_township_is_refused_by_name()
    {
        var file = Path.Combine(Path.GetTempPath(), $"planner-export-{Guid.NewGuid():N}.csv");
        // A database with nothing in it yet: an empty file, and why it is empty.
        var (exit, output, error) = await RunAsync("export", "--format", "csv", "--out", file, "--db", connectionString);
        Assert.Equal(0, exit);
        Assert.Contains("已导出 0 个项目", output);
        Assert.Contains(Planner.Localization.Messages.NoTownships, error);
        var named = await RunAsync("export", "--format", "csv", "--out", file, "--township", "南关街道", "--db", connectionString);
        Assert.Equal((1, true), (named.Exit, named.Error.Contains(Planner.Localization.Messages.NoTownships)));

        Assert.Equal(0, (await RunAsync("seed", "--db", connectionString)).Exit);
        File.Delete(file);
        var unknown = await RunAsync("export", "--format", "csv", "--out", file, "--township", "不存在乡", "--township", "南关街道", "--db", connectionString);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("没有名为 不存在乡 的乡/街道", unknown.Error);
        Assert.DoesNotContain("南关街道 的", unknown.Error); // the one that exists is found, by name
        Assert.False(File.Exists(file)); // nothing written for a refused selection
        var byCode = await RunAsync("export", "--format", "csv", "--out", file, "--township", "410104001", "--db", connectionString);
        Assert.True(byCode.Exit == 0, byCode.Error);
        Assert.Matches(@"已导出 [1-9]\d* 个项目", byCode.Output); // a township found by its code
        File.Delete(file);
    }

    [Theory]
    [InlineData("xlsx", "--township 南关街道")]
    [InlineData("csv", "--township 南关街道")]
    [InlineData("geojson", "--township 南关街道")]
    [InlineData("gpkg", "--township 南关街道")]
    [InlineData("kml", "--township 南关街道")]
    [InlineData("kml", "")]
    [InlineData("geojson", "")]
    [InlineData("xlsx", "--programme road")]
    [InlineData("gpkg", "--programme fringe")]
    [InlineData("kml", "--programme compound")]
    public async Task Every_format_exported_then_imported_as_it_is_finds_every_site_unchanged_and_a_dry_run_stores_nothing(string format, string selection)
    {
        Assert.Equal(0, (await RunAsync("seed", "--db", connectionString)).Exit);
        var file = Path.Combine(Path.GetTempPath(), $"planner-ledger-{Guid.NewGuid():N}.{format}");
        try
        {
            var exported = await RunAsync(["export", "--format", format, "--out", file, .. selection.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--db", connectionString]);
            Assert.True(exported.Exit == 0, exported.Error);
            var count = int.Parse(System.Text.RegularExpressions.Regex.Match(exported.Output, @"已导出 (\d+) 个项目").Groups[1].Value);
            Assert.True(count > 0);
            var checksums = await ChecksumsAsync(connectionString, engine);

            var (exit, output, error) = await RunAsync("import", file, "--dry-run", "--db", connectionString);
            Assert.True(exit == 0, error);
            Assert.Contains($"读取 {count} 行，新增 0，更新 {count}，拒绝 0", output);
            Assert.Contains("试运行：未保存任何数据", output);
            Assert.True(output.Contains($"其中 {count} 个已有项目与文件一致，导入时将保持原样"), output);
            Assert.Equal(checksums, await ChecksumsAsync(connectionString, engine));

            // Imported for real, the same: no revision, no new version.
            (exit, output, error) = await RunAsync("import", file, "--db", connectionString);
            Assert.True(exit == 0, error);
            Assert.Contains($"其中 {count} 个已有项目与文件一致，保持原样", output);
            Assert.Equal(checksums, await ChecksumsAsync(connectionString, engine));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_empty_selection_exported_then_imported_is_refused_as_holding_no_features_and_nothing_changes()
    {
        Assert.Equal(0, (await RunAsync("seed", "--db", connectionString)).Exit);
        var file = Path.Combine(Path.GetTempPath(), $"planner-empty-{Guid.NewGuid():N}.geojson");
        try
        {
            var exported = await RunAsync("export", "--format", "geojson", "--out", file, "--q", "没有这个项目", "--db", connectionString);
            Assert.True(exported.Exit == 0, exported.Error);
            Assert.Contains("已导出 0 个项目", exported.Output);
            var checksums = await ChecksumsAsync(connectionString, engine);
            var (exit, _, error) = await RunAsync("import", file, "--db", connectionString);
            Assert.Equal(1, exit);
            Assert.Contains("没有任何要素", error);
            Assert.Equal(checksums, await ChecksumsAsync(connectionString, engine));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Optimize_on_a_new_database_migrates_it_and_finds_nothing_to_order()
    {
        var (exit, output, error) = await RunAsync("optimize", "--db", connectionString);
        Assert.True(exit == 0, error);
        Assert.Contains(engine == DatabaseEngine.Postgres ? "已按空间索引重排 0 个项目" : "无需重排", output);
        var (migrated, _, _) = await RunAsync("migrate", "--db", connectionString);
        Assert.Equal(0, migrated);
        await using var probe = await PlannerDatabase.OpenConnectionAsync(connectionString, TestContext.Current.CancellationToken);
        Assert.Equal("0", await probe.ScalarTextAsync("SELECT count(*) FROM sites", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Optimize_rewrites_the_sites_in_spatial_order_without_changing_a_row_and_changes_nothing_when_the_table_is_busy()
    {
        Assert.Equal(0, (await RunAsync("seed", "--db", connectionString)).Exit);
        await using var probe = await PlannerDatabase.OpenConnectionAsync(connectionString, TestContext.Current.CancellationToken);
        Task<string> ScalarAsync(string sql) => probe.ScalarTextAsync(sql, TestContext.Current.CancellationToken);
        // Every column of every site, in id order: what the rewrite must keep.
        var rowsSql = engine == DatabaseEngine.Postgres
            ? "SELECT md5(string_agg(s::text, '|' ORDER BY id)) FROM sites s"
            : "SELECT group_concat(id || ':' || code || ':' || version || ':' || hex(geom) || ':' || coalesce(notes, ''), '|') FROM (SELECT * FROM sites ORDER BY id)";
        var rows = await ScalarAsync(rowsSql);
        var sites = await ScalarAsync("SELECT count(*) FROM sites");

        var zero = await RunAsync("optimize", "--lock-timeout", "0", "--db", connectionString);
        Assert.Equal((1, true), (zero.Exit, zero.Error.Contains("--lock-timeout：0 不是大于 0、至多 3600 的秒数")));
        if (engine == DatabaseEngine.Postgres)
        {
            const string file = "SELECT pg_relation_filenode('sites')";
            const string clustered = "SELECT indisclustered FROM pg_index WHERE indexrelid = 'sites_geom_gist'::regclass";
            var original = await ScalarAsync(file);
            Assert.Equal("False", await ScalarAsync(clustered));
            // A reader holds the table: the command gives up after its lock timeout, says so, and leaves the table as it was.
            await using (var reader = await PlannerDatabase.OpenConnectionAsync(connectionString, TestContext.Current.CancellationToken))
            {
                await using var hold = reader.CreateCommand();
                hold.CommandText = "BEGIN; LOCK TABLE sites IN ACCESS SHARE MODE";
                await hold.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                var busy = await RunAsync("optimize", "--lock-timeout", "0.3", "--db", connectionString);
                Assert.Equal(1, busy.Exit);
                Assert.Contains("sites 表正被其他会话使用，0.3 秒内未能取得排他锁：未做任何更改", busy.Error);
                Assert.Equal((original, "False"), (await ScalarAsync(file), await ScalarAsync(clustered)));
            }
            var (exit, output, error) = await RunAsync("optimize", "--db", connectionString);
            Assert.True(exit == 0, error);
            Assert.Contains($"已按空间索引重排 {long.Parse(sites, System.Globalization.CultureInfo.InvariantCulture):N0} 个项目", output);
            Assert.NotEqual(original, await ScalarAsync(file)); // the table was rewritten
            Assert.Equal("True", await ScalarAsync(clustered));
        }
        else
        {
            var (exit, output, error) = await RunAsync("optimize", "--db", connectionString);
            Assert.True(exit == 0, error);
            Assert.Contains("无需重排", output);
        }
        Assert.Equal((rows, sites), (await ScalarAsync(rowsSql), await ScalarAsync("SELECT count(*) FROM sites")));
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_is_told_in_one_line_naming_the_option()
    {
        var unreachable = engine == DatabaseEngine.Postgres
            ? $"Host=127.0.0.1;Port={WebProcess.FreePort()};Username=postgres;Database=planner;Timeout=5"
            : $"Data Source={Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "planner.db")}";
        var file = Path.Combine(Path.GetTempPath(), $"planner-export-{Guid.NewGuid():N}.csv");
        foreach (var args in new[] { new[] { "export", "--format", "csv", "--out", file, "--db", unreachable }, ["tokens", "create", "qgis", "--user", "planner", "--db", unreachable] })
        {
            var (exit, _, error) = await RunAsync(args);
            Assert.Equal(1, exit);
            Assert.Contains("--db", error);
            Assert.Contains(engine == DatabaseEngine.Postgres ? "Failed to connect" : "unable to open database file", error);
            Assert.DoesNotContain("   at ", error); // one line, not a stack trace
        }
        Assert.False(File.Exists(file) || File.Exists(file + ".part"));
    }

    [Fact]
    public async Task Any_other_fault_is_still_reported_with_exit_code_1()
    {
        Assert.Equal(0, (await RunAsync("migrate", "--db", connectionString)).Exit);
        // A folder that does not exist: not the database's fault, reported whole as before.
        var file = Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "sites.csv");
        var (exit, _, error) = await RunAsync("export", "--format", "csv", "--out", file, "--db", connectionString);
        Assert.Equal(1, exit);
        Assert.Contains(nameof(DirectoryNotFoundException), error);
    }

    [Fact]
    public async Task A_database_migrated_by_another_build_is_refused_naming_the_migration()
    {
        Assert.Equal(0, (await RunAsync("migrate", "--db", connectionString)).Exit);
        await using (var db = PlannerDatabase.Open(connectionString))
            await db.Database.ExecuteSqlRawAsync("UPDATE schema_migrations SET checksum = '0000000000000000' WHERE version = 2", TestContext.Current.CancellationToken);
        var file = Path.Combine(Path.GetTempPath(), $"planner-export-{Guid.NewGuid():N}.csv");
        var (exit, _, error) = await RunAsync("export", "--format", "csv", "--out", file, "--db", connectionString);
        Assert.Equal(1, exit);
        Assert.False(File.Exists(file));
        Assert.Contains(MigrationRunner.Available(engine).Single(m => m.Version == 2).Name, error);
        Assert.Contains("0000000000000000", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Assess_freezes_last_month_once_and_refuses_a_month_it_cannot_read()
    {
        Assert.Equal(0, (await RunAsync("seed", "--db", connectionString)).Exit);
        var lastMonth = DateTime.UtcNow.AddHours(8).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output, _) = await RunAsync("assess", "--db", connectionString);
        Assert.Equal(0, exit);
        Assert.Contains($"{lastMonth} 已固化", output);
        Assert.Contains("得分 = ", output);
        Assert.Contains("  1  ", output); // a ranked township
        var again = await RunAsync("assess", "--month", lastMonth, "--db", connectionString);
        Assert.Equal(0, again.Exit);
        Assert.Contains("未改变", again.Output);
        var bad = await RunAsync("assess", "--month", "2026-13", "--db", connectionString);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("--month", bad.Error);
    }

    [Fact]
    public async Task Report_weekly_writes_the_bulletin_and_names_a_bad_week()
    {
        Assert.Equal(0, (await RunAsync("seed", "--db", connectionString)).Exit);
        var file = Path.Combine(Path.GetTempPath(), $"planner-weekly-{Guid.NewGuid():N}.docx");
        try
        {
            var (exit, output, error) = await RunAsync("report", "weekly", "--out", file, "--db", connectionString);
            Assert.True(exit == 0, error);
            Assert.Contains("周通报", output);
            using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(file, false))
                Assert.Contains("工作周通报", document.MainDocumentPart!.Document!.Body!.InnerText);
            var bad = await RunAsync("report", "weekly", "--week", "2026-W99", "--out", file, "--db", connectionString);
            Assert.Equal(1, bad.Exit);
            Assert.Contains("--week", bad.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Tokens_create_prints_the_token_alone_on_its_last_line_and_it_stands_for_the_user()
    {
        Assert.Equal(0, (await RunAsync("seed", "--db", connectionString)).Exit);
        Assert.Equal(0, (await RunWithInputAsync(Planner.Users.UserAdministration.GeneratePassword() + "\n", "users", "add", "gis", "--role", "Leader", "--db", connectionString)).Exit);
        var (exit, output, error) = await RunAsync("tokens", "create", "QGIS", "--user", "gis", "--days", "30", "--db", connectionString);
        Assert.True(exit == 0, error);
        var token = output.TrimEnd().Split('\n')[^1];
        Assert.Matches("^plnr_[A-Za-z0-9_-]{43}$", token);
        await using (var db = PlannerDatabase.Open(connectionString))
            Assert.Equal("gis", (await new Planner.Users.AccessTokenService(db, TimeProvider.System).HolderOfAsync(token))!.Value.User.UserName);
        var bad = await RunAsync("tokens", "create", "QGIS", "--user", "nobody", "--days", "999", "--db", connectionString);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("days", bad.Error);
        Assert.Contains("nobody", bad.Error);
    }

    [Fact]
    public async Task Migrate_then_seed_then_seed_again()
    {
        var (exit, output, _) = await RunAsync("migrate", "--db", connectionString);
        Assert.Equal(0, exit);
        Assert.Contains("0001_initial", output);
        (exit, output, _) = await RunAsync("migrate", "--db", connectionString);
        Assert.Contains("已是最新", output);

        (exit, output, _) = await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        Assert.Equal(0, exit);
        Assert.Contains("11 个乡/街道、112 个项目", output);
        (exit, output, _) = await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        Assert.Equal(0, exit);
        Assert.Contains("未导入示例数据", output);
    }

    [Fact]
    public async Task Users_add_reads_the_password_from_standard_input_and_binds_townships()
    {
        await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        var (exit, output, error) = await RunWithInputAsync("field-password-17\n", "users", "add", "wang", "--role", "fieldteam", "--township", "南关街道", "--township", "410104010", "--db", connectionString);
        Assert.True(exit == 0, error);
        Assert.Contains("已创建用户 wang（FieldTeam）", output);
        await using var db = PlannerDatabase.Open(connectionString);
        var user = await db.Users.SingleAsync(u => u.UserName == "wang", TestContext.Current.CancellationToken);
        Assert.NotEqual("field-password-17", user.PasswordHash); // hashed, never stored as given
        var townships = await db.UserTownships.Where(t => t.UserId == user.Id).Join(db.Townships, u => u.TownshipId, t => t.Id, (u, t) => t.Name).OrderBy(n => n).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["十八里河街道", "南关街道"], townships.OrderBy(n => n == "南关街道").ToList());
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["FieldTeam"], roles);
    }

    [Theory]
    [InlineData("", "--role", "leader", "password：标准输入中没有密码")]
    [InlineData("long-enough-pw-9\n", "--role", "boss", "role: “boss”不是角色")]
    [InlineData("short\n", "--role", "leader", "password: 密码至少需要 12 个字符")]
    [InlineData("password1234\n", "--role", "leader", "password: 密码太常见")]
    [InlineData("qwerty123456!\n", "--role", "leader", "password: 密码太常见")]
    public async Task Users_add_refuses_bad_input_and_creates_nothing(string input, string roleOption, string role, string message)
    {
        await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        var (exit, _, error) = await RunWithInputAsync(input, "users", "add", "li", roleOption, role, "--db", connectionString);
        Assert.Equal(1, exit);
        Assert.Contains(message, error);
        await using var db = PlannerDatabase.Open(connectionString);
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "li", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_field_user_without_a_township_is_refused()
    {
        await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        var (exit, _, error) = await RunWithInputAsync("long-enough-pw-9\n", "users", "add", "zhao", "--role", "FieldTeam", "--township", "不存在乡", "--db", connectionString);
        Assert.Equal(1, exit);
        Assert.Contains("没有名为 不存在乡 的乡/街道", error);
    }

    [Fact]
    public async Task A_bad_sample_file_seeds_nothing_and_says_where()
    {
        var folder = Directory.CreateTempSubdirectory("planner-bad-sample-").FullName;
        try
        {
            File.Copy(Path.Combine(Paths.Data, SampleFiles.TownshipsFile), Path.Combine(folder, SampleFiles.TownshipsFile));
            var sites = JsonNode.Parse(File.ReadAllText(Path.Combine(Paths.Data, SampleFiles.SitesFile)))!;
            // Site 5 gets a bow tie; site 9 an illegal jump from planning straight to construction.
            var ring = sites["features"]![5]!["geometry"]!["coordinates"]![0]!.AsArray();
            (ring[1], ring[2]) = (ring[2]!.DeepClone(), ring[1]!.DeepClone());
            var history = sites["features"]![9]!["properties"]!["history"]!.AsArray();
            history.Insert(1, new JsonObject { ["at"] = "2025-05-01T08:00:00+00:00", ["by"] = "x", ["status"] = "construction", ["percent"] = 10 });
            File.WriteAllText(Path.Combine(folder, SampleFiles.SitesFile), sites.ToJsonString());

            var (exit, _, error) = await RunAsync("seed", "--db", connectionString, "--data", folder);
            Assert.Equal(1, exit);
            Assert.Contains("sites.geojson 第 5 个要素", error);
            Assert.Contains("自相交", error);
            Assert.Contains("sites.geojson 第 9 个要素", error);
            Assert.Contains("第 1 条进度记录 status", error);
            Assert.Contains("未保存任何数据。", error);

            await using var db = PlannerDatabase.Open(connectionString);
            Assert.Equal(0, await db.Townships.CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.Sites.CountAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_command_on_a_database_without_townships_says_so()
    {
        await RunAsync("migrate", "--db", connectionString);
        var file = Path.Combine(Path.GetTempPath(), $"planner-empty-{Guid.NewGuid():N}.geojson");
        await File.WriteAllTextAsync(file, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"E-1","name":"甲"},"geometry":{"type":"Polygon","coordinates":[[[113.68,34.74],[113.681,34.74],[113.681,34.741],[113.68,34.74]]]}}]}""", TestContext.Current.CancellationToken);
        try
        {
            var (exit, _, error) = await RunAsync("import", file, "--programme", "compound", "--db", connectionString);
            Assert.Equal(1, exit);
            Assert.Contains("数据库中还没有乡/街道", error);
            Assert.DoesNotContain("不在本区任何乡/街道范围内", error); // not the misleading row-by-row refusal
            Assert.Contains($"数据库：{DatabaseLocation.Describe(connectionString)}", error);
            (exit, _, error) = await RunWithInputAsync("long-enough-pw-9\n", "users", "add", "wu", "--role", "FieldTeam", "--township", "南关街道", "--db", connectionString);
            Assert.Equal(1, exit);
            Assert.Contains("数据库中还没有乡/街道", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_command_line_and_the_web_app_resolve_the_same_default_database()
    {
        // No --db and no ConnectionStrings__Planner: the data directory, as the web app resolves it (DatabaseLocation).
        var cs = CommonOptions.ConnectionString((string?)null);
        Assert.Equal(DatabaseLocation.Resolve(null, null), cs);
        Assert.Equal($"SQLite {Path.Combine(Paths.Repository, "data", "planner.db")}", DatabaseLocation.Describe(cs));
    }

    /// <summary>Every table's rows, ordered by their first column, as one hash per table (values as the engine's text).</summary>
    static async Task<Dictionary<string, string>> ChecksumsAsync(string cs, DatabaseEngine engine, params string[] except)
    {
        await using var db = PlannerDatabase.Open(cs);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = engine == DatabaseEngine.Postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1";
            await using var r = await list.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }
        var sums = new Dictionary<string, string>();
        foreach (var table in tables.Except(except))
        {
            await using var read = connection.CreateCommand();
            read.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var rows = 0;
            await using (var r = await read.ExecuteReaderAsync())
                while (await r.ReadAsync())
                {
                    rows++;
                    for (var c = 0; c < r.FieldCount; c++)
                        hash.AppendData(r.IsDBNull(c) ? [0] : r.GetValue(c) is byte[] bytes ? bytes : System.Text.Encoding.UTF8.GetBytes(Convert.ToString(r.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)!));
                }
            sums[table] = $"{rows} rows {Convert.ToHexString(hash.GetHashAndReset())[..16]}";
        }
        await connection.CloseAsync();
        return sums;
    }

    [Fact]
    public async Task A_backup_taken_while_writes_go_on_restores_every_row_as_of_one_moment_and_only_into_an_empty_database()
    {
        Assert.Equal(0, (await RunAsync("seed", "--db", connectionString)).Exit);
        Assert.Equal(0, (await RunWithInputAsync(Planner.Users.UserAdministration.GeneratePassword() + "\n", "users", "add", "wang", "--role", "FieldTeam", "--township", "南关街道", "--db", connectionString)).Exit);
        await using (var db = PlannerDatabase.Open(connectionString))
        {
            // A photo's bytes, which the checksum reads.
            var jpeg = TestPhotos.Jpeg(64, 48);
            await db.Database.ExecuteSqlRawAsync(engine == DatabaseEngine.Postgres
                ? "INSERT INTO evidence_photos (content_type, original, display, thumbnail, sha256, width, height, uploaded_at, uploaded_by, too_far, taken_before_step) VALUES ('image/jpeg', {0}, {0}, {0}, 'x', 64, 48, now(), 'wang', false, false)"
                : "INSERT INTO evidence_photos (content_type, original, display, thumbnail, sha256, width, height, uploaded_at, uploaded_by, too_far, taken_before_step) VALUES ('image/jpeg', {0}, {0}, {0}, 'x', 64, 48, 0, 'wang', 0, 0)",
                [jpeg], TestContext.Current.CancellationToken);
        }
        var before = await ChecksumsAsync(connectionString, engine);
        Assert.Contains(before, t => t.Key == "evidence_photos" && t.Value.StartsWith("1 rows", StringComparison.Ordinal));

        // Writes go on while the backup is taken: keys, one at a time, each numbered.
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            await using var db = PlannerDatabase.Open(connectionString);
            while (!stop.IsCancellationRequested)
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ({0}, '<key/>')", [$"w{written:D6}"]);
                written++;
            }
        });
        while (Volatile.Read(ref written) < 20) await Task.Delay(10, TestContext.Current.CancellationToken);
        var file = Path.Combine(Path.GetTempPath(), $"planner-backup-{Guid.NewGuid():N}.bak");
        var backup = await RunAsync("backup", "--out", file, "--db", connectionString);
        var atEnd = Volatile.Read(ref written);
        await stop.CancelAsync();
        await writer;
        Assert.True(backup.Exit == 0, backup.Error);
        Assert.False(File.Exists(file + ".partial"));

        string restored;
        string? restoredFile = null;
        if (engine == DatabaseEngine.Postgres) restored = await server.CreateDatabaseAsync();
        else
        {
            restoredFile = Path.Combine(Path.GetTempPath(), $"planner-restored-{Guid.NewGuid():N}.db");
            restored = $"Data Source={restoredFile};Pooling=False";
        }
        try
        {
            var restore = await RunAsync("restore", file, "--db", restored);
            Assert.True(restore.Exit == 0, restore.Error);
            // Every table the writer did not touch is as it was, row for row.
            var after = await ChecksumsAsync(restored, engine, "data_protection_keys");
            Assert.Equal(before.Where(t => t.Key != "data_protection_keys").OrderBy(t => t.Key), after.OrderBy(t => t.Key));
            // The written keys are those of one moment: the first k, none missing, none after the backup ended.
            await using (var db = PlannerDatabase.Open(restored))
            {
                var names = await db.DataProtectionKeys.Select(k => k.FriendlyName!).Where(n => n.StartsWith("w")).OrderBy(n => n).ToListAsync(TestContext.Current.CancellationToken);
                Assert.InRange(names.Count, 20, atEnd);
                Assert.Equal(Enumerable.Range(0, names.Count).Select(i => $"w{i:D6}"), names);
            }
            // A second restore into the now full database is refused and changes nothing.
            var again = await RunAsync("restore", file, "--db", restored);
            Assert.Equal(1, again.Exit);
            Assert.Contains("不是空的", again.Error);
            var failed = await RunAsync("backup", "--out", "/nonexistent-dir/x.bak", "--db", connectionString);
            Assert.Equal(1, failed.Exit);
            Assert.Contains("nonexistent-dir", failed.Error);
        }
        finally
        {
            File.Delete(file);
            if (restoredFile is not null) File.Delete(restoredFile);
        }
    }
}

public sealed class SqliteDatabaseCommandsTests(PostgisServer server) : DatabaseCommandsTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisDatabaseCommandsTests(PostgisServer server) : DatabaseCommandsTests(server, DatabaseEngine.Postgres);
