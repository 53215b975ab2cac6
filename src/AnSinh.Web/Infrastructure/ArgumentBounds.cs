namespace AnSinh.Web.Infrastructure;

/// <summary>
/// Query and route values every API operation shares, bounded before a handler runs (issue #10, item 9): a date
/// between 1900 and 2100, a year between 1900 and 2100, a page from 1 to 1,000,000. Out of range is a 400 naming the value.
/// </summary>
public static class ArgumentBounds
{
    public static RouteGroupBuilder BoundArguments(this RouteGroupBuilder api)
    {
        api.AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = factory.MethodInfo.GetParameters();
            return async context =>
            {
                var problems = new Dictionary<string, string[]>();
                for (var i = 0; i < parameters.Length && i < context.Arguments.Count; i++)
                {
                    var name = parameters[i].Name!;
                    switch (context.Arguments[i])
                    {
                        case DateOnly date when InputRules.Date(date) is { } message:
                            problems[name] = [$"{name}: {message}"];
                            break;
                        case int year when name == "year" && year is < 1900 or > 2100:
                            problems[name] = ["Năm phải trong khoảng 1900 đến 2100."];
                            break;
                        case int page when name == "page" && page is < 1 or > 1_000_000:
                            problems[name] = ["Trang bắt đầu từ 1 (tối đa 1.000.000)."];
                            break;
                    }
                }

                return problems.Count == 0 ? await next(context) : Results.ValidationProblem(problems, title: "Dữ liệu không hợp lệ.");
            };
        });
        return api;
    }
}
