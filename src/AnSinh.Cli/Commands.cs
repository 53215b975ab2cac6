using System.CommandLine;
using AnSinh.Data;
using AnSinh.Data.ReferenceData;
using AnSinh.Domain.Geography;
using AnSinh.Web.Auth;
using AnSinh.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnSinh.Cli;

public static class Commands
{
    public static Command Migrate()
    {
        var command = new Command("migrate", "Áp dụng migration và nạp dữ liệu danh mục / apply migrations and load reference data");
        command.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build();
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            await db.MigrateAsync(ReportRebuild, ct);
            await ReferenceDataLoader.EnsureLoadedAsync(db, scope.ServiceProvider.GetRequiredService<IOptions<ReferenceDataOptions>>().Value,
                scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("ansinh"), ct);
            Console.WriteLine("Đã cập nhật cơ sở dữ liệu / database is up to date.");
            return 0;
        });
        return command;
    }

    public static Command SeedDemo()
    {
        var command = new Command("seed-demo", "Tạo dữ liệu và tài khoản demo trên cơ sở dữ liệu trống / demo data and users on an empty database");
        command.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build();
            var created = await DatabaseInitializer.InitializeAsync(sp, seedDemoWhenEmpty: true, ct);
            Console.WriteLine(created
                ? "Đã tạo dữ liệu demo / demo data created."
                : "Cơ sở dữ liệu đã có dữ liệu: không tạo demo / the database is not empty: nothing created.");
            return 0;
        });
        return command;
    }

    public static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "Tệp CSV: bố cục QĐ 4469 hoặc code,name_vi[,name_en,chapter]" };
        var icdVersion = new Option<string?>("--version") { Description = "Tên phiên bản danh mục, ví dụ \"TT 06/2026/TT-BYT\"" };
        var icdValidFrom = new Option<DateOnly?>("--valid-from")
        {
            Description = "Danh mục kế tiếp áp dụng từ ngày (yyyy-MM-dd): mã bị bỏ chỉ còn hiệu lực đến hôm trước, hồ sơ cũ giữ mã",
        };
        var icd = new Command("icd10", "Nạp danh mục ICD-10 (toàn bộ hoặc không gì cả) / load an ICD-10 list, all or nothing");
        icd.Arguments.Add(file);
        icd.Options.Add(icdVersion);
        icd.Options.Add(icdValidFrom);
        icd.SetAction((parse, ct) => ImportFileAsync(parse.GetValue(file)!, "mã ICD-10",
            (db, path) => CodeListLoader.LoadIcd10Async(db, path, ReferenceDataLoader.FileVersion(path),
                parse.GetValue(icdValidFrom), parse.GetValue(icdVersion) ?? Path.GetFileName(path), ct), ct));
        var catalogFile = new Argument<FileInfo>("file") { Description = "Tệp CSV: code,name[,group]" };
        var catalogVersion = new Option<string>("--version") { Description = "Phiên bản danh mục", Required = true };
        var validFrom = new Option<DateOnly>("--valid-from") { Description = "Áp dụng từ ngày (yyyy-MM-dd)", Required = true };
        var source = new Option<string?>("--source") { Description = "Văn bản gốc của danh mục" };
        var techniques = new Command("techniques", "Nạp một phiên bản danh mục kỹ thuật tuyến xã (toàn bộ hoặc không gì cả)");
        techniques.Arguments.Add(catalogFile);
        techniques.Options.Add(catalogVersion);
        techniques.Options.Add(validFrom);
        techniques.Options.Add(source);
        techniques.SetAction((parse, ct) => ImportFileAsync(parse.GetValue(catalogFile)!, "kỹ thuật",
            (db, path) => TechniqueCatalogLoader.LoadAsync(db, path, parse.GetValue(catalogVersion)!, parse.GetValue(validFrom), parse.GetValue(source), ct), ct));
        var command = new Command("import", "Nhập dữ liệu / import data");
        command.Subcommands.Add(icd);
        command.Subcommands.Add(techniques);
        foreach (var kind in AnSinh.Web.Features.Imports.ImportKinds.All)
        {
            command.Subcommands.Add(RecordsImport(kind));
        }

        return command;
    }

    /// <summary>`ansinh import beneficiaries file.xlsx`: the site's import (same template, checks and all-or-nothing save) from the command line.</summary>
    private static Command RecordsImport(AnSinh.Web.Features.Imports.ImportKinds.KindInfo kind)
    {
        var file = new Argument<FileInfo>("file") { Description = "Tệp .xlsx hoặc CSV theo tệp mẫu (tải ở trang /imports)" };
        var checkOnly = new Option<bool>("--check-only") { Description = "Chỉ kiểm tra, không lưu / check without saving" };
        var command = new Command(kind.Name, $"Nhập {kind.Title} từ tệp (toàn bộ hoặc không gì cả)");
        command.Arguments.Add(file);
        command.Options.Add(checkOnly);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"Không tìm thấy tệp {path.FullName}.");
                return 2;
            }

            await using var sp = CliServices.Build();
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            await db.MigrateAsync(ct);
            // The rows are checked against the code lists and administrative units: a new database needs them first.
            await ReferenceDataLoader.EnsureLoadedAsync(db, scope.ServiceProvider.GetRequiredService<IOptions<ReferenceDataOptions>>().Value,
                scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("ansinh"), ct);
            var lastTenth = -1;
            var lastStatus = AnSinh.Domain.Interop.ImportStatus.Queued;
            var outcome = await AnSinh.Web.Features.Imports.ImportKinds.RunAsync(scope.ServiceProvider, kind.Name, path.FullName, parse.GetValue(checkOnly), p =>
            {
                // A line at each tenth of the file, per phase: enough to see it move without flooding a log.
                var tenth = p.Total == 0 ? 0 : p.Done * 10 / p.Total;
                if (p.Status != lastStatus || tenth != lastTenth)
                {
                    lastStatus = p.Status;
                    lastTenth = tenth;
                    Console.Error.WriteLine($"{AnSinh.Web.Components.Shared.Labels.Of(p.Status)}: {AnSinh.Web.Components.Shared.Labels.Number(p.Done)}/{AnSinh.Web.Components.Shared.Labels.Number(p.Total)} dòng");
                }
            }, ct);
            switch (outcome.Status)
            {
                case AnSinh.Domain.Interop.ImportStatus.Imported:
                    Console.WriteLine($"Đã nhập {AnSinh.Web.Components.Shared.Labels.Number(outcome.RowsSaved)} dòng.");
                    return 0;
                case AnSinh.Domain.Interop.ImportStatus.Checked:
                    Console.WriteLine($"Tệp hợp lệ: {AnSinh.Web.Components.Shared.Labels.Number(outcome.TotalRows)} dòng, không có lỗi. Chưa lưu (--check-only).");
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"Không nhập: tệp có {AnSinh.Web.Components.Shared.Labels.Number(outcome.ErrorCount)} lỗi, cơ sở dữ liệu không thay đổi.");
                    foreach (var e in outcome.Errors)
                    {
                        await Console.Error.WriteLineAsync("  " + e);
                    }

                    return 1;
            }
        });
        return command;
    }

    /// <summary>An all-or-nothing import from a file: every row error is printed and nothing is written.</summary>
    private static async Task<int> ImportFileAsync(FileInfo file, string what,
        Func<AnSinhDbContext, string, Task<(int Loaded, IReadOnlyList<string> Errors)>> load, CancellationToken ct)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"Không tìm thấy tệp {file.FullName}.");
            return 2;
        }

        await using var sp = CliServices.Build();
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
        await db.MigrateAsync(ct);
        var (loaded, errors) = await load(db, file.FullName);
        if (errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"Không nạp: tệp có {errors.Count} lỗi, cơ sở dữ liệu không thay đổi.");
            foreach (var e in errors)
            {
                await Console.Error.WriteLineAsync("  " + e);
            }

            return 1;
        }

        Console.WriteLine($"Đã nạp {loaded} {what}.");
        return 0;
    }

    public static Command Users()
    {
        var userName = new Option<string>("--username") { Description = "Tên đăng nhập", Required = true };
        var fullName = new Option<string>("--full-name") { Description = "Họ và tên" };
        var role = new Option<string>("--role") { Description = string.Join(", ", Roles.All), Required = true };
        var facility = new Option<int?>("--facility") { Description = "Mã cơ sở (lãnh đạo cơ sở, nhân viên y tế)" };
        var unit = new Option<string?>("--unit") { Description = "Mã đơn vị hành chính hiện hành, ví dụ 22 (cán bộ tỉnh)" };
        var create = new Command("create", "Tạo tài khoản; mật khẩu đọc từ biến môi trường ANSINH_NEW_PASSWORD / create a user");
        foreach (var o in new Option[] { userName, fullName, role, facility, unit })
        {
            create.Options.Add(o);
        }

        create.SetAction(async (parse, ct) =>
        {
            if (NewPassword() is not { } password)
            {
                return 2;
            }

            var name = parse.GetValue(userName)!;
            var input = new AccountInput
            {
                UserName = name, FullName = parse.GetValue(fullName) ?? name, Role = parse.GetValue(role),
                FacilityId = parse.GetValue(facility), UnitCode = parse.GetValue(unit), Password = password,
            };
            return await WithAccountsAsync(async accounts => await ReportAsync(await accounts.CreateAsync(input, ct),
                $"Đã tạo tài khoản {name} ({input.Role})."), ct);
        });

        var disable = AccountCommand("disable", "Vô hiệu hóa tài khoản: không đăng nhập được, mọi phiên kết thúc ngay / disable an account", userName,
            (accounts, name, ct) => accounts.DisableAsync(name, null, ct), "Đã vô hiệu hóa {0}; mọi phiên của tài khoản đã kết thúc.");
        var enable = AccountCommand("enable", "Cho tài khoản đăng nhập lại / enable an account", userName,
            (accounts, name, ct) => accounts.EnableAsync(name, ct), "Đã cho phép {0} đăng nhập lại.");
        var reset = AccountCommand("reset-password", "Đặt mật khẩu mới từ ANSINH_NEW_PASSWORD; mọi phiên kết thúc / reset a password", userName,
            async (accounts, name, ct) => NewPassword() is { } password
                ? await accounts.ResetPasswordAsync(name, password, ct)
                : ServiceResult<bool>.Invalid("password", "Đặt mật khẩu trong biến môi trường ANSINH_NEW_PASSWORD."),
            "Đã đặt mật khẩu mới cho {0}; mọi phiên của tài khoản đã kết thúc.");

        var twoFactor = AccountCommand("reset-two-factor", "Tắt xác thực hai bước (mất điện thoại); mọi phiên kết thúc / turn two-step sign-in off", userName,
            (accounts, name, ct) => accounts.ResetTwoFactorAsync(name, "ansinh-cli", ct),
            "Đã tắt xác thực hai bước của {0}; mọi phiên của tài khoản đã kết thúc. Lần đăng nhập sau, tài khoản cài đặt lại nếu vai trò bắt buộc.");

        var command = new Command("users", "Quản lý tài khoản / user accounts");
        foreach (var c in new[] { create, disable, enable, reset, twoFactor })
        {
            command.Subcommands.Add(c);
        }

        return command;
    }

    private static Command AccountCommand(string name, string description, Option<string> userName,
        Func<AccountAdmin, string, CancellationToken, Task<ServiceResult<bool>>> action, string done)
    {
        var command = new Command(name, description);
        command.Options.Add(userName);
        command.SetAction(async (parse, ct) =>
        {
            var user = parse.GetValue(userName)!;
            return await WithAccountsAsync(async accounts => await ReportAsync(await action(accounts, user, ct),
                string.Format(System.Globalization.CultureInfo.InvariantCulture, done, user)), ct);
        });
        return command;
    }

    /// <summary>The password comes from the environment, never the command line (which other users can see).</summary>
    private static string? NewPassword()
    {
        var password = Environment.GetEnvironmentVariable("ANSINH_NEW_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("Đặt mật khẩu trong biến môi trường ANSINH_NEW_PASSWORD (không truyền mật khẩu trên dòng lệnh).");
            return null;
        }

        return password;
    }

    private static async Task<int> WithAccountsAsync(Func<AccountAdmin, Task<int>> action, CancellationToken ct)
    {
        await using var sp = CliServices.Build();
        await using var scope = sp.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AnSinhDbContext>().MigrateAsync(ct);
        return await action(scope.ServiceProvider.GetRequiredService<AccountAdmin>());
    }

    private static async Task<int> ReportAsync<T>(ServiceResult<T> result, string done)
    {
        if (result.NotFound)
        {
            await Console.Error.WriteLineAsync("Không có tài khoản này.");
            return 1;
        }

        if (result.Errors is { } errors)
        {
            foreach (var message in errors.ToDictionary().SelectMany(e => e.Value))
            {
                await Console.Error.WriteLineAsync(message);
            }

            return 1;
        }

        Console.WriteLine(done);
        return 0;
    }

    public static Command Audit()
    {
        var verify = new Command("verify", "Kiểm tra chuỗi băm của nhật ký truy cập: báo dòng đầu tiên bị sửa hoặc xóa / verify the audit chain");
        verify.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build();
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            await db.MigrateAsync(ct);
            var (finding, unsealed) = await AnSinh.Web.Features.Audit.AuditSeal.VerifyAsync(db, ct);
            switch (finding)
            {
                case AnSinh.Domain.Audit.AuditChain.Broken broken:
                    await Console.Error.WriteLineAsync($"HỎNG: chuỗi nhật ký bị phá vỡ tại vị trí {broken.ChainIndex} (dòng id {broken.EventId}): {broken.Reason}.");
                    return 1;
                case AnSinh.Domain.Audit.AuditChain.Intact intact:
                    Console.WriteLine($"OK: {intact.Rows:N0} dòng nối liền; mã băm cuối {intact.Head}; {unsealed:N0} dòng mới chưa niêm phong.");
                    return 0;
                default:
                    return 1;
            }
        });
        var seal = new Command("seal", "Niêm phong (nối chuỗi băm) các dòng nhật ký mới ngay bây giờ / chain new audit rows now");
        seal.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build();
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            await db.MigrateAsync(ct);
            Console.WriteLine($"Đã niêm phong {await AnSinh.Web.Features.Audit.AuditSeal.SealAsync(db, ct):N0} dòng.");
            return 0;
        });
        var command = new Command("audit", "Nhật ký truy cập / the audit trail");
        command.Subcommands.Add(verify);
        command.Subcommands.Add(seal);
        return command;
    }

    public static Command Report()
    {
        var unit = new Option<string>("--unit") { Description = "Mã đơn vị hành chính (Quảng Ninh = 22, toàn quốc = VN)", Required = true };
        var year = new Option<int>("--year") { Description = "Năm báo cáo", Required = true };
        var format = new Option<string>("--format") { Description = "xlsx hoặc pdf", DefaultValueFactory = _ => "xlsx" };
        var output = new Option<FileInfo>("--out") { Description = "Tệp kết quả", Required = true };
        var annual = new Command("annual", "Báo cáo năm của một đơn vị / a unit's yearly report");
        foreach (var o in new Option[] { unit, year, format, output })
        {
            annual.Options.Add(o);
        }

        annual.SetAction(async (parse, ct) =>
        {
            var kind = parse.GetValue(format)!.ToLowerInvariant();
            if (kind is not ("xlsx" or "pdf"))
            {
                await Console.Error.WriteLineAsync("Định dạng phải là xlsx hoặc pdf.");
                return 2;
            }

            await using var sp = CliServices.Build();
            await using var scope = sp.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AnSinhDbContext>().MigrateAsync(ct);
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            Console.Error.WriteLine($"Đang tính các chỉ tiêu của đơn vị {parse.GetValue(unit)} năm {parse.GetValue(year)}…");
            var built = await scope.ServiceProvider.GetRequiredService<AnSinh.Web.Features.Reports.AnnualReportService>()
                .BuildAsync(parse.GetValue(unit), parse.GetValue(year), ct);
            if (!built.Succeeded)
            {
                var messages = built.NotFound ? ["Không tìm thấy đơn vị."] : built.Errors!.ToDictionary().SelectMany(e => e.Value);
                foreach (var m in messages)
                {
                    await Console.Error.WriteLineAsync(m);
                }

                return 1;
            }

            var bytes = kind == "pdf"
                ? AnSinh.Web.Features.Reports.PdfAnnualReport.Write(built.Value!)
                : AnSinh.Web.Features.Reports.XlsxAnnualReport.Write(built.Value!);
            var file = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(file.FullName, bytes, ct);
            Console.WriteLine($"Đã ghi {file.FullName} ({bytes.Length:N0} byte, {stopwatch.Elapsed.TotalSeconds:0.0} giây).");
            return 0;
        });
        var command = new Command("report", "Báo cáo / reports");
        command.Subcommands.Add(annual);
        return command;
    }

    public static Command Generate()
    {
        var province = new Option<string>("--province") { Description = "Mã tỉnh (mặc định 22)", DefaultValueFactory = _ => "22" };
        var people = new Option<int>("--people") { Description = "Số người", DefaultValueFactory = _ => 50_000 };
        var checks = new Option<int>("--checks") { Description = "Số lượt khám mỗi người (9 chỉ số mỗi lượt)", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var command = new Command("generate", "Sinh dữ liệu tổng hợp để đo hiệu năng / synthetic data for benchmarks");
        foreach (var o in new Option[] { province, people, checks, seed })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            await using var sp = CliServices.Build();
            // Synthetic people go beside the demo province (its facilities and demo users, which the benchmarks sign in as).
            await DatabaseInitializer.InitializeAsync(sp, seedDemoWhenEmpty: true, ct);
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            var result = await AnSinh.Data.Demo.SyntheticDataGenerator.GenerateAsync(db, parse.GetValue(province)!, parse.GetValue(people), parse.GetValue(checks),
                sp.GetRequiredService<Clock>().Today, parse.GetValue(seed), ShowProgress, ct);
            if (!Console.IsErrorRedirected)
            {
                Console.Error.WriteLine();
            }

            Console.WriteLine($"Đã sinh {result.Facilities:N0} cơ sở, {result.People:N0} người, {result.Encounters:N0} lượt khám, {result.Observations:N0} chỉ số trong {result.Elapsed.TotalSeconds:0.0} giây.");
            if (result.Rows > 0)
            {
                Console.WriteLine($"COPY nhị phân: {result.Rows:N0} dòng, {result.Rows / result.Elapsed.TotalSeconds:N0} dòng/giây.");
            }

            if (db.Database.IsNpgsql())
            {
                // After a bulk load the planner needs fresh statistics, the trigram index's own too (written by VACUUM),
                // or the name search may read the whole table until autovacuum comes round.
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", ct);
            }

            return 0;
        });
        return command;
    }

    /// <summary>A progress bar redrawn in place on a terminal; one line per step when the output is a file.</summary>
    private static void ShowProgress(string line)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(line);
        }
        else
        {
            Console.Error.Write("\r" + line);
        }
    }

    public static Command Bench()
    {
        var unit = new Option<string>("--unit") { DefaultValueFactory = _ => "22" };
        var asOf = new Option<DateOnly?>("--as-of");
        var runs = new Option<int>("--runs") { DefaultValueFactory = _ => 5 };
        var warmups = new Option<int>("--warmups") { DefaultValueFactory = _ => 2, Description = "untimed runs first (connection pool, JIT tiers, PostgreSQL caches); the first is printed" };
        var indicatorsCommand = new Command("indicators", "Đo thời gian tính mọi chỉ tiêu của một đơn vị và bảng điều khiển toàn quốc / time the indicators");
        foreach (var o in new Option[] { unit, asOf, runs, warmups })
        {
            indicatorsCommand.Options.Add(o);
        }

        indicatorsCommand.SetAction(async (parse, ct) =>
        {
            await using var sp = CliServices.Build();
            var date = parse.GetValue(asOf) ?? sp.GetRequiredService<Clock>().Today;
            double first = 0;
            async Task<List<double>> TimeAsync(Func<IServiceProvider, Task> work, Func<IServiceProvider, Task>? prepare = null)
            {
                var times = new List<double>();
                var untimed = Math.Max(1, parse.GetValue(warmups));
                for (var i = 0; i < untimed + parse.GetValue(runs); i++)
                {
                    await using var scope = sp.CreateAsyncScope();
                    if (prepare is not null)
                    {
                        await prepare(scope.ServiceProvider);
                    }

                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    await work(scope.ServiceProvider);
                    if (i == 0)
                    {
                        first = watch.Elapsed.TotalMilliseconds;
                    }
                    else if (i >= untimed)
                    {
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                times.Sort();
                return times;
            }

            string Describe(List<double> t) => $"min {t[0]:0} ms, median {t[t.Count / 2]:0} ms, max {t[^1]:0} ms ({t.Count} runs; first untimed run {first:0} ms)";
            var unitCode = parse.GetValue(unit)!;
            var province = await TimeAsync(s => s.GetRequiredService<AnSinh.Web.Features.Indicators.IndicatorService>()
                .ComputeAsync(new AnSinh.Web.Features.Indicators.IndicatorService.Request(unitCode, null, date), ct));
            Console.WriteLine($"every indicator, unit {unitCode}, as of {date:yyyy-MM-dd}: {Describe(province)}");
            // A past date reads the records themselves (LatestRecords only stand for today).
            var pastDate = new DateOnly(date.Year - 1, 12, 31);
            var past = await TimeAsync(s => s.GetRequiredService<AnSinh.Web.Features.Indicators.IndicatorService>()
                .ComputeAsync(new AnSinh.Web.Features.Indicators.IndicatorService.Request(unitCode, null, pastDate), ct));
            Console.WriteLine($"every indicator, unit {unitCode}, as of {pastDate:yyyy-MM-dd} (records read): {Describe(past)}");
            var members = await TimeAsync(s => s.GetRequiredService<AnSinh.Web.Features.Indicators.IndicatorService>()
                .MembersAsync("BEN-PERIODIC", new AnSinh.Web.Features.Indicators.IndicatorService.Request(unitCode, null, date), "missing", 1, null, ct: ct));
            Console.WriteLine($"residents missing a periodic check, unit {unitCode}, first page: {Describe(members)}");
            var nation = await TimeAsync(s => s.GetRequiredService<AnSinh.Web.Features.Indicators.IndicatorService>()
                .ComputeAsync(new AnSinh.Web.Features.Indicators.IndicatorService.Request("VN", null, date), ct));
            Console.WriteLine($"every indicator, nation, as of {date:yyyy-MM-dd}: {Describe(nation)}");
            Task BuildDashboard(IServiceProvider s) => s.GetRequiredService<AnSinh.Web.Features.Indicators.DashboardService>().BuildAsync("VN", null, date.Year, ct: ct);
            // First with every kept closed-year figure deleted before each run (a dashboard's first view after a
            // back-dated record), then as usually served: closed years read from IndicatorSnapshots.
            var cold = await TimeAsync(BuildDashboard, s => s.GetRequiredService<AnSinhDbContext>().IndicatorSnapshots.ExecuteDeleteAsync(ct));
            Console.WriteLine($"national dashboard, closed years recomputed: {Describe(cold)}");
            var dashboard = await TimeAsync(BuildDashboard);
            Console.WriteLine($"national dashboard (figures, 5-year trend from kept closed years, provinces side by side): {Describe(dashboard)}");
            return 0;
        });
        var command = new Command("bench", "Đo hiệu năng / benchmarks");
        command.Subcommands.Add(indicatorsCommand);
        return command;
    }

    private static void ReportRebuild(int done, int total) =>
        Console.Error.WriteLine($"Bản ghi mới nhất / latest records: {done:N0}/{total:N0} người");

    public static Command Monitoring()
    {
        var rebuild = new Command("rebuild", "Tính lại bản ghi mới nhất của mọi người và xóa số liệu năm đã khóa sổ / rebuild the monitoring read models");
        rebuild.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build();
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            await db.Database.MigrateAsync(ct); // not db.MigrateAsync: that would rebuild once more
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var snapshots = await db.IndicatorSnapshots.ExecuteDeleteAsync(ct);
            var people = await db.RebuildLatestRecordsAsync(ReportRebuild, ct);
            await ChangeVersions.NotifyAsync(db, ChangeKinds.Records, ct); // running web instances drop their kept figures
            Console.WriteLine($"Đã tính lại bản ghi mới nhất của {people:N0} người và xóa {snapshots:N0} bộ số liệu năm cũ trong {watch.Elapsed.TotalSeconds:0.0} giây.");
            return 0;
        });
        var command = new Command("monitoring", "Dữ liệu phục vụ theo dõi chỉ tiêu / monitoring read models");
        command.Subcommands.Add(rebuild);
        return command;
    }

    public static Command Alerts()
    {
        var run = new Command("run", "Chạy ngay các quy tắc cảnh báo theo lịch (quá hạn khám, thẻ BHYT, liều thuốc…) / run the time-based alert rules now");
        run.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build();
            await using var scope = sp.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AnSinh.Web.Features.Alerts.AlertRun>().RunAsync(ct: ct);
            scope.ServiceProvider.GetRequiredService<AnSinh.Web.Features.Audit.AuditLog>().Add(AnSinh.Web.Features.Audit.AuditActions.RunAlerts, null, "AlertRun", null,
                $"people={result.People}; raised={result.Raised}; updated={result.Updated}; closed={result.Closed}; rows={result.RowsRead}");
            await scope.ServiceProvider.GetRequiredService<AnSinhDbContext>().SaveChangesAsync(ct);
            Console.WriteLine($"Cảnh báo theo lịch / scheduled alerts: {result.People:N0} người đang được chăm sóc, {result.Raised:N0} mới, {result.Updated:N0} cập nhật, "
                + $"{result.Closed:N0} tự đóng, {result.Moved:N0} theo người sang cơ sở mới; đọc {result.RowsRead:N0} dòng trong {result.Seconds:0.00} giây.");
            return 0;
        });
        var command = new Command("alerts", "Cảnh báo sức khỏe / health alerts");
        command.Subcommands.Add(run);
        return command;
    }

    public static Command Reference()
    {
        var status = new Command("status", "Phiên bản dữ liệu danh mục đang dùng / reference data versions");
        status.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build();
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnSinhDbContext>();
            await db.MigrateAsync(ct);
            foreach (var set in await db.ReferenceDataSets.OrderBy(r => r.Name).ToListAsync(ct))
            {
                Console.WriteLine($"{set.Name,-20} {set.RowCount,8} rows  version {set.Version}  loaded {set.LoadedAt:yyyy-MM-dd HH:mm}  {set.Source}");
            }

            return 0;
        });
        var command = new Command("reference", "Dữ liệu danh mục / reference data");
        command.Subcommands.Add(status);
        return command;
    }
}
