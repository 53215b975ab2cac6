using System.Text.Json;
using System.Text.RegularExpressions;

namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Turns the framework's binding failures (malformed JSON, a value of the wrong type, an unknown
/// enum name, an impossible or wrongly written date in the body or the query) into a ProblemDetails
/// that names the field in Vietnamese, the same shape as every other validation error.
/// </summary>
public static partial class BadRequestProblems
{
    /// <summary>The field (camelCase, as the API spells it) and a Vietnamese message for the caller.</summary>
    public static (string Field, string Message) Describe(BadHttpRequestException error)
    {
        if (error.InnerException is InputRules.Broken broken)
        {
            var field = FieldFromJsonPath(broken.Path);
            var message = broken.Message.Split(" Path:", 2)[0];
            return (field == "" ? "body" : field, $"{LabelOf(field)}: {message}");
        }

        if (error.InnerException is JsonException json)
        {
            var field = FieldFromJsonPath(json.Path);
            var type = TargetType(json.Message);
            if (type is null || field == "")
            {
                var line = json.LineNumber is { } l ? $" (dòng {l + 1})" : "";
                return (field == "" ? "body" : field, $"Nội dung JSON không đúng cú pháp{line}. Kiểm tra dấu ngoặc, dấu phẩy và dấu nháy.");
            }

            return (field, $"{LabelOf(field)}: {MessageFor(type)}");
        }

        var parameter = ParameterPattern().Match(error.Message);
        if (parameter.Success)
        {
            var name = parameter.Groups["name"].Value;
            var value = parameter.Groups["value"].Value;
            // "DateOnly?", "Nullable<DateOnly>" or "System.Nullable`1[System.DateOnly]", depending on the framework's mood.
            var typeName = parameter.Groups["type"].Value.TrimEnd('?');
            if (typeName.StartsWith("Nullable<", StringComparison.Ordinal))
            {
                typeName = typeName["Nullable<".Length..^1];
            }

            return (name, $"{LabelOf(name)} \"{value}\": " + MessageFor(ResolveType(typeName)));
        }

        if (error.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) || error.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return ("body", "Thiếu nội dung JSON hoặc nội dung không đúng cú pháp; gửi Content-Type: application/json.");
        }

        return ("", "Yêu cầu không hợp lệ.");
    }

    /// <summary>The field as a form names it ("birthDate" → "Ngày sinh"; "categories[0].from" → "Từ ngày").</summary>
    private static string LabelOf(string field)
    {
        var last = field.Split('.')[^1];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        var name = bracket >= 0 ? last[..bracket] : last;
        return name switch
        {
            "fullName" => "Họ và tên",
            "sex" => "Giới tính",
            "birthDate" => "Ngày sinh",
            "nationalId" => "Số CCCD",
            "healthInsuranceNumber" => "Số thẻ BHYT",
            "healthInsuranceValidFrom" => "Thẻ BHYT có giá trị từ ngày",
            "healthInsuranceValidTo" => "Thẻ BHYT có giá trị đến ngày",
            "addressUnitId" => "Xã/phường",
            "kind" => "Loại",
            "from" => "Từ ngày",
            "to" => "Đến ngày",
            "date" => "Ngày",
            "asOf" => "Ngày tính số liệu",
            "year" => "Năm",
            "unit" => "Đơn vị hành chính",
            "facility" or "facilityId" => "Cơ sở",
            "toFacilityId" => "Cơ sở chuyển đến",
            "admittedOn" => "Ngày tiếp nhận",
            "dischargedOn" => "Ngày ra",
            "transferredOn" => "Ngày chuyển",
            "reason" => "Lý do",
            "classification" => "Phân loại sức khỏe",
            "value" => "Giá trị",
            "capacity" => "Quy mô tiếp nhận",
            "openedOn" => "Ngày bắt đầu hoạt động",
            "closedOn" => "Ngày ngừng hoạt động",
            "page" => "Trang",
            "pageSize" => "Số dòng mỗi trang",
            "disabilitySeverity" => "Mức độ khuyết tật",
            "warInvalidPercent" => "Tỷ lệ tổn thương",
            "totalScore" => "Tổng điểm",
            _ => "Giá trị",
        };
    }

    private static string FieldFromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "";
        }

        // "$.categories[0].from" → "categories[0].from"; "$['sex']" → "sex".
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        field = BracketName().Replace(field, m => "." + m.Groups[1].Value).TrimStart('.');
        // Lower-case the first letter of each name so "$.Sex" and "$.sex" both answer "sex".
        return string.Join('.', field.Split('.').Select(part => part.Length > 0 ? char.ToLowerInvariant(part[0]) + part[1..] : part));
    }

    private static Type? TargetType(string message)
    {
        var match = ConvertedTo().Match(message);
        return match.Success ? ResolveType(match.Groups["type"].Value.TrimEnd('.')) : null;
    }

    private static Type? ResolveType(string name)
    {
        var nullable = NullableOf().Match(name);
        if (nullable.Success)
        {
            name = nullable.Groups["inner"].Value;
        }

        var builtIn = name switch
        {
            "DateOnly" or "System.DateOnly" => typeof(DateOnly),
            "DateTime" or "System.DateTime" or "DateTimeOffset" or "System.DateTimeOffset" => typeof(DateTimeOffset),
            "int" or "Int32" or "System.Int32" or "long" or "Int64" or "System.Int64" => typeof(int),
            "decimal" or "Decimal" or "System.Decimal" or "double" or "System.Double" => typeof(decimal),
            "bool" or "Boolean" or "System.Boolean" => typeof(bool),
            "string" or "String" or "System.String" => typeof(string),
            _ => null,
        };
        return builtIn ?? AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("AnSinh", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(name) ?? a.GetTypes().FirstOrDefault(t => t.Name == name))
            .FirstOrDefault(t => t is not null);
    }

    private static string MessageFor(Type? type)
    {
        if (type == typeof(DateOnly))
        {
            return "ngày không hợp lệ. API nhận ngày dạng yyyy-MM-dd, ví dụ 2025-12-31.";
        }

        if (type == typeof(DateTimeOffset))
        {
            return "thời điểm không hợp lệ. Dùng dạng ISO 8601, ví dụ 2025-12-31T08:00:00+07:00.";
        }

        if (type == typeof(int))
        {
            return "phải là một số nguyên.";
        }

        if (type == typeof(decimal))
        {
            return "phải là một số (dấu chấm thập phân trong JSON, ví dụ 37.5).";
        }

        if (type == typeof(bool))
        {
            return "phải là true hoặc false.";
        }

        if (type == typeof(string))
        {
            return "phải là một chuỗi ký tự.";
        }

        if (type is { IsEnum: true })
        {
            return $"giá trị không hợp lệ. Chọn một trong: {string.Join(", ", Enum.GetNames(type))}.";
        }

        if (type is not null && (type.IsArray || type.IsGenericType))
        {
            return "phải là một danh sách (mảng JSON).";
        }

        return "giá trị không đúng kiểu dữ liệu.";
    }

    [GeneratedRegex(@"converted to (?<type>[\w.`\[\]]+)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[\w.]+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"\['([^']+)'\]")]
    private static partial Regex BracketName();

    [GeneratedRegex(@"parameter ""(?<type>[^""]+?) (?<name>\w+)"" from ""(?<value>[^""]*)""")]
    private static partial Regex ParameterPattern();
}
