namespace AnSinh.Web.Auth;

public sealed record KeysRequest(string? PublicKeys);

/// <summary>
/// Systems that call AnSinh: the token endpoint they use (client credentials), the SMART configuration that tells
/// clients where it is, and the administrators' registration of them (issue #13).
/// </summary>
public static class ClientApi
{
    public static RouteGroupBuilder MapClientApi(this RouteGroupBuilder api, WebApplication app)
    {
        api.MapPost("/auth/client-token", async (ClientTokens tokens, HttpContext http, CancellationToken ct) =>
            {
                switch (await tokens.IssueAsync(http, ct))
                {
                    case ClientTokens.Issued issued:
                        http.Response.Headers.Pragma = "no-cache";
                        return Results.Json(new Dictionary<string, object>
                        {
                            ["access_token"] = issued.AccessToken, ["token_type"] = "Bearer",
                            ["expires_in"] = issued.ExpiresIn, ["scope"] = issued.Scope,
                        });
                    case ClientTokens.Refused refused:
                        if (refused.Status == StatusCodes.Status401Unauthorized
                            && http.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
                        {
                            http.Response.Headers.WWWAuthenticate = "Basic realm=\"AnSinh\"";
                        }

                        return Results.Json(new { error = refused.Error, error_description = refused.Description }, statusCode: refused.Status);
                    default:
                        throw new InvalidOperationException();
                }
            })
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimit.ClientPolicy)
            .WithTags("Auth")
            .WithName("CreateClientToken")
            .WithSummary("OAuth 2.0 client credentials for registered systems (form: grant_type=client_credentials, scope, and client_secret "
                         + "by Basic or form, or client_assertion_type + client_assertion, a JWT signed RS384/ES384): {access_token, token_type, expires_in, scope}.");

        app.MapGet("/fhir/.well-known/smart-configuration", (HttpContext http) => Results.Json(new Dictionary<string, object>
            {
                ["token_endpoint"] = ClientTokens.Audience(http.Request),
                ["grant_types_supported"] = new[] { "client_credentials" },
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "private_key_jwt" },
                ["token_endpoint_auth_signing_alg_values_supported"] = new[] { "RS384", "ES384", "RS256", "ES256" },
                ["scopes_supported"] = new[] { ClientTokens.ReadScope, ClientTokens.WriteScope, "system/*.rs", "system/*.cruds" },
                ["capabilities"] = new[] { "client-confidential-symmetric", "client-confidential-asymmetric", "permission-v1", "permission-v2" },
            }))
            .AllowAnonymous()
            .WithTags("FHIR")
            .WithName("SmartConfiguration")
            .WithSummary("SMART's discovery document: where systems get tokens and how they authenticate there.");

        var group = api.MapGroup("/clients").WithTags("Clients").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().IsAdmin
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Chỉ quản trị hệ thống được quản lý hệ thống kết nối."));

        group.MapGet("/", async (SystemClients clients, CancellationToken ct) => Results.Ok(await clients.ListAsync(ct)))
            .WithName("Clients").WithSummary("Every registered system: role, scope, read-only, credential kind, last token, revoked.");

        group.MapPost("/", async (ClientInput input, SystemClients clients, CurrentUser user, CancellationToken ct) =>
                (await clients.RegisterAsync(input, user.UserName, ct)).ToHttpResult(c =>
                    Results.Created($"/api/clients/{c.Id}", new { c.Id, c.ClientId, clientSecret = c.Secret })))
            .WithName("RegisterClient")
            .WithSummary("A new system {clientId, name, role, facilityId | unitCode, readOnly, tokenMinutes, publicKeys?}; the answer holds its secret, shown only this once.");

        group.MapPost("/{id:int}/secret", async (int id, SystemClients clients, CancellationToken ct) =>
                (await clients.NewSecretAsync(id, ct)).ToHttpResult(c => Results.Ok(new { c.ClientId, clientSecret = c.Secret })))
            .WithName("NewClientSecret").WithSummary("A new secret (shown once); the old secret or keys and every token made with them stop working.");

        group.MapPut("/{id:int}/keys", async (int id, KeysRequest request, SystemClients clients, CancellationToken ct) =>
                (await clients.SetKeysAsync(id, request.PublicKeys, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("SetClientKeys").WithSummary("New public keys {publicKeys: a JSON Web Key Set}; the secret, if any, and earlier tokens stop working.");

        group.MapPost("/{id:int}/revoke", async (int id, SystemClients clients, CurrentUser user, CancellationToken ct) =>
                (await clients.RevokeAsync(id, user.UserName, ct)).ToHttpResult(_ => Results.NoContent()))
            .WithName("RevokeClient").WithSummary("For good: no more tokens, and the ones it holds are refused from the next request.");

        return api;
    }
}
