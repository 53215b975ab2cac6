using AnSinh.Domain.Validation;

namespace AnSinh.Web.Infrastructure;

/// <summary>The outcome of a command: a value, field errors in Vietnamese, or "not found / not yours".</summary>
public sealed class ServiceResult<T>
{
    public T? Value { get; private init; }
    public ValidationErrors? Errors { get; private init; }
    public bool NotFound { get; private init; }

    /// <summary>The caller's role may not do this (403); the message says who may.</summary>
    public bool Forbidden { get; private init; }

    /// <summary>Someone else saved the record since the caller read it (409): nothing was saved.</summary>
    public bool Conflict { get; private init; }

    public bool Succeeded => Errors is null && !NotFound;

    public static ServiceResult<T> Ok(T value) => new() { Value = value };
    public static ServiceResult<T> Invalid(ValidationErrors errors) => new() { Errors = errors };
    public static ServiceResult<T> Missing() => new() { NotFound = true };

    public static ServiceResult<T> Stale(ValidationErrors errors) => new() { Errors = errors, Conflict = true };

    public static ServiceResult<T> Denied(string message)
    {
        var errors = new ValidationErrors();
        errors.Add("", message);
        return new() { Errors = errors, Forbidden = true };
    }

    public static ServiceResult<T> Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    /// <summary>Maps to the API's HTTP result: 200/201, 400 with field errors, or 404.</summary>
    public IResult ToHttpResult(Func<T, IResult>? onSuccess = null)
    {
        if (NotFound)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy hoặc không thuộc phạm vi của bạn.");
        }

        if (Forbidden)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: Errors?[""] ?? "Bạn không có quyền thực hiện thao tác này.");
        }

        if (Errors is not null && Conflict)
        {
            return Results.ValidationProblem(Errors.ToDictionary(), statusCode: StatusCodes.Status409Conflict, title: "Dữ liệu đã được người khác thay đổi.");
        }

        if (Errors is not null)
        {
            return Results.ValidationProblem(Errors.ToDictionary(), title: "Dữ liệu không hợp lệ.");
        }

        return onSuccess is null ? Results.Ok(Value) : onSuccess(Value!);
    }
}
