using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AnSinh.Web.Tests;

/// <summary>
/// Every API operation is sent malformed input generated from its own parameter and body types (issue #10, item 9):
/// each field in turn is given a hostile value (too long, control characters, out-of-range numbers and enums,
/// impossible and extreme dates, nulls in lists, huge lists, wrong types), from a fixed seed and within a fixed
/// budget. No answer may be a 500. The count of inputs tried goes to TestResults/fuzz-*.txt, which scripts/test.sh prints.
/// </summary>
public abstract class FuzzTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const int Budget = 2_500;
    private const int Seed = 20261127;

    private static readonly JsonNode?[] HostileStrings =
    [
        null, "", " ", "\u0000", "a\u0007b", new string('x', 5_000), "\u200b\u200b\u200b", "'; DROP TABLE \"Beneficiaries\"; --",
        "<script>alert(1)</script>", "9999-12-31", "0001-01-01", "31/02/2026", "NaN", "-1", "1e309", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    ];

    private static readonly JsonNode?[] HostileNumbers = [null, -1, 0, 99, int.MaxValue, int.MinValue, long.MaxValue, 1e300, -0.5, "abc", "", true];
    private static readonly JsonNode?[] HostileDates = [null, "", "0001-01-01", "9999-12-31", "2026-02-31", "1900-01-01", "abc", 20260101, "2026-13-01"];
    private static readonly string[] HostileQueryValues = ["", "-1", "0", "2147483647", "99999999999", "abc", "0001-01-01", "9999-12-31", "2026-02-31", "%00", new string('9', 400)];

    private sealed record Operation(string Method, string Template, Type? Body, IReadOnlyList<(string Name, Type Type)> Query);

    private List<Operation> Operations()
    {
        App.StartServer();
        return App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // Not the token endpoint (rate-limited, tested by SignInTests) nor sign-out (it would end the fuzzer's own session).
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true
                        && e.RoutePattern.RawText is not ("/api/auth/token" or "/api/auth/sign-out"))
            .SelectMany(e =>
            {
                var method = e.Metadata.GetMetadata<MethodInfo>();
                var routeNames = e.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var body = e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
                var query = method?.GetParameters()
                    .Where(p => !routeNames.Contains(p.Name!) && IsSimple(p.ParameterType) && p.ParameterType != body)
                    .Select(p => (p.Name!, Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)).ToList() ?? [];
                return (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Operation(m, e.RoutePattern.RawText!, body, query));
            })
            .OrderBy(o => o.Template, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal).ToList();
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(DateOnly) || t == typeof(decimal) || t == typeof(DateTimeOffset);
    }

    /// <summary>A well-formed value for a type, so that one hostile field at a time reaches validation.</summary>
    private static JsonNode? Plausible(Type type, int depth = 0)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) { return "Giá trị thử"; }
        if (t == typeof(bool)) { return false; }
        if (t == typeof(int) || t == typeof(long) || t == typeof(short)) { return 1; }
        if (t == typeof(decimal) || t == typeof(double)) { return 1.5; }
        if (t == typeof(DateOnly)) { return "2024-01-15"; }
        if (t == typeof(DateTimeOffset)) { return "2024-01-15T08:00:00Z"; }
        if (t.IsEnum) { return Enum.GetNames(t)[0]; }
        if (depth > 2) { return null; }
        if (ElementType(t) is { } element) { return new JsonArray(Plausible(element, depth + 1)); }
        var obj = new JsonObject();
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            obj[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = Plausible(p.PropertyType, depth + 1);
        }

        return obj;
    }

    private static Type? ElementType(Type t) =>
        t == typeof(string) ? null
        : t.IsArray ? t.GetElementType()
        : t.GetInterfaces().Concat([t]).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static JsonNode?[] Hostile(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) { return HostileStrings; }
        if (t == typeof(DateOnly) || t == typeof(DateTimeOffset)) { return HostileDates; }
        if (t.IsPrimitive || t == typeof(decimal) || t.IsEnum) { return t.IsEnum ? [.. HostileNumbers, "KhongCo", 9] : HostileNumbers; }
        if (ElementType(t) is { } element)
        {
            return [null, new JsonArray((JsonNode?)null), new JsonArray(), "abc",
                new JsonArray(Enumerable.Range(0, 5_001).Select(_ => Plausible(element)).ToArray())];
        }

        return [null, "abc", 1, new JsonArray(), new JsonObject()];
    }

    /// <summary>Each leaf field of the body in turn replaced by each hostile value of its type, plus whole-body oddities.</summary>
    private static IEnumerable<string> Bodies(Type body)
    {
        yield return "";
        yield return "{";
        yield return "null";
        yield return "[]";
        yield return "\"text\"";
        yield return "{}";
        foreach (var (path, type) in Fields(body, "", 0))
        {
            foreach (var value in Hostile(type))
            {
                var doc = Plausible(body)!;
                Set(doc, path, value?.DeepClone());
                yield return doc.ToJsonString();
            }
        }
    }

    private static IEnumerable<(string Path, Type Type)> Fields(Type type, string prefix, int depth)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            yield return (path, p.PropertyType);
            if (depth < 2 && ElementType(p.PropertyType) is { } element && !IsSimple(element))
            {
                foreach (var inner in Fields(element, path + "[0].", depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode? node = root;
        for (var i = 0; i < parts.Length - 1 && node is not null; i++)
        {
            node = parts[i].EndsWith("[0]", StringComparison.Ordinal) ? node[parts[i][..^3]]?[0] : node[parts[i]];
        }

        if (node is JsonObject obj)
        {
            obj[parts[^1]] = value;
        }
    }

    private static string Concrete(string template, Random random) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value switch
        {
            "code" => random.Next(3) == 0 ? "KHONG-CO" : "BEN-PERIODIC",
            "list" => "ethnic-group",
            "id" when m.Groups[2].Value == "" => "khong-co",
            _ => random.Next(4) switch { 0 => "1", 1 => "2147483647", 2 => "0", _ => "3" },
        });

    [SkippableFact]
    public async Task No_malformed_input_gets_a_500()
    {
        RequireProvider();
        var random = new Random(Seed);
        var operations = Operations();
        Assert.True(operations.Count >= 40, $"only {operations.Count} operations");
        var inputs = new List<(Operation Op, string Path, string? Body)>();
        foreach (var op in operations)
        {
            foreach (var (name, type) in op.Query)
            {
                foreach (var value in HostileQueryValues.Concat(type.IsEnum ? ["99", "KhongCo"] : []))
                {
                    inputs.Add((op, $"{Concrete(op.Template, random)}?{name}={Uri.EscapeDataString(value)}", op.Body is null ? null : "{}"));
                }
            }

            if (op.Body is not null)
            {
                inputs.AddRange(Bodies(op.Body).Select(b => (op, Concrete(op.Template, random), (string?)b)));
            }
            else if (op.Query.Count == 0)
            {
                inputs.Add((op, Concrete(op.Template, random), null));
            }
        }

        // A fixed sample when the corpus is larger than the budget: every operation keeps a share.
        var chosen = inputs.Count <= Budget ? inputs
            : inputs.GroupBy(i => (i.Op.Method, i.Op.Template))
                .SelectMany(g => g.OrderBy(_ => random.Next()).Take(Math.Max(4, Budget * g.Count() / inputs.Count))).ToList();

        var failures = new List<string>();
        var tried = 0;
        foreach (var user in new[] { "demo.admin", "demo.clinician" })
        {
            using var client = await App.ClientForAsync(user);
            foreach (var (op, path, body) in chosen)
            {
                using var request = new HttpRequestMessage(new HttpMethod(op.Method), path);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                var response = await client.SendAsync(request);
                tried++;
                if ((int)response.StatusCode >= 500 && failures.Count < 40)
                {
                    // The hostile part is usually short; a 5,000-item list is shown by its start.
                    failures.Add($"{user} {op.Method} {path} {(body is { Length: > 3000 } ? body[..3000] + "…" : body)} → {(int)response.StatusCode}");
                }
            }
        }

        var summary = $"{GetType().Name}: {tried} malformed inputs to {operations.Count} API operations (seed {Seed}), {failures.Count} answered 5xx";
        var folder = Path.Combine(TestPaths.RepositoryRoot().FullName, "TestResults");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, $"fuzz-{GetType().Name}.txt"), summary + Environment.NewLine + string.Join(Environment.NewLine, failures));
        Assert.True(failures.Count == 0, summary + ":\n" + string.Join("\n", failures));
    }
}

/// <summary>A site of its own: what the fuzzer manages to save must not disturb the other tests' data.</summary>
public sealed class SqliteFuzzTests(SqliteFuzzTests.Site app) : FuzzTests(app), IClassFixture<SqliteFuzzTests.Site>
{
    public sealed class Site : SqliteAppFactoryBase;
}

public sealed class PostgresFuzzTests(PostgresFuzzTests.Site app) : FuzzTests(app), IClassFixture<PostgresFuzzTests.Site>
{
    public sealed class Site : PostgresAppFactory;
}
