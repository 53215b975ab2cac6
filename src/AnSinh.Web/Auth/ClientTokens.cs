using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using AnSinh.Data;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AnSinh.Web.Auth;

public static class ClientClaimTypes
{
    /// <summary>The client_id of a system's token.</summary>
    public const string ClientId = "ansinh:client";

    /// <summary>"read" for a read-only client (<see cref="ClientAccessGate"/>), "write" otherwise.</summary>
    public const string Access = "ansinh:client_access";
}

/// <summary>
/// The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for registered systems: a secret (HTTP Basic or in the form)
/// or a JWT signed with the client's key (RFC 7523, as SMART Backend Services asks: RS384/ES384, also RS256/ES256;
/// iss = sub = client_id, aud = this endpoint, exp within 5 minutes, jti used once). The token is the same kind of
/// bearer token people get, tied to a session, so revocation, scope and audit work as they do for people.
/// </summary>
public sealed partial class ClientTokens(AnSinhDbContext db, Sessions sessions, AuditLog audit, Clock clock,
    IOptionsMonitor<BearerTokenOptions> bearer, ILogger<ClientTokens> logger)
{
    public const string Path = "/api/auth/client-token";
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public const string ReadScope = "system/*.read";
    public const string WriteScope = "system/*.*";
    private static readonly TimeSpan MaxAssertionLife = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public abstract record Outcome;

    public sealed record Issued(string AccessToken, int ExpiresIn, string Scope) : Outcome;

    /// <param name="Error">RFC 6749 §5.2's code: invalid_request, invalid_client, unsupported_grant_type, invalid_scope.</param>
    public sealed record Refused(int Status, string Error, string Description) : Outcome;

    // SMART v1 (resource.read/write/*) and v2 (resource.cruds) system scopes.
    [GeneratedRegex(@"^system/(\*|[A-Z][A-Za-z]{1,63})\.(read|write|\*|c?r?u?d?s?)$")]
    private static partial Regex ScopePattern();

    public static string Audience(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Path}";

    public async Task<Outcome> IssueAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return new Refused(400, "invalid_request", "Gửi yêu cầu dạng application/x-www-form-urlencoded (grant_type=client_credentials).");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or FormatException or ArgumentException)
        {
            return new Refused(400, "invalid_request", "Không đọc được biểu mẫu của yêu cầu (application/x-www-form-urlencoded).");
        }

        // A NUL or other control character has no place in any of these fields, and must not reach a query or a log.
        if (form.Any(field => field.Key.Any(char.IsControl) || field.Value.Any(v => v?.Any(char.IsControl) == true)))
        {
            return new Refused(400, "invalid_request", "Biểu mẫu chứa ký tự điều khiển.");
        }
        var grant = form["grant_type"].ToString();
        if (string.IsNullOrEmpty(grant))
        {
            return new Refused(400, "invalid_request", "Thiếu grant_type (client_credentials).");
        }

        if (grant != "client_credentials")
        {
            return new Refused(400, "unsupported_grant_type", $"Chỉ nhận grant_type=client_credentials, không nhận \"{Short(grant)}\".");
        }

        var basic = ReadBasic(http.Request);
        if (basic is { Valid: false })
        {
            return new Refused(401, "invalid_client", "Tiêu đề Authorization: Basic không đọc được (base64 của client_id:client_secret).");
        }

        var formSecret = form["client_secret"].ToString();
        var assertion = form["client_assertion"].ToString();
        var assertionType = form["client_assertion_type"].ToString();
        var methods = (basic is not null ? 1 : 0) + (formSecret.Length > 0 ? 1 : 0) + (assertion.Length > 0 ? 1 : 0);
        if (methods != 1)
        {
            return new Refused(methods == 0 ? 401 : 400, methods == 0 ? "invalid_client" : "invalid_request", methods == 0
                ? "Thiếu thông tin xác thực: client_secret (Basic hoặc trong biểu mẫu) hoặc client_assertion (JWT đã ký)."
                : "Chỉ dùng một cách xác thực: Basic, client_secret hoặc client_assertion.");
        }

        if (assertion.Length > 0 && assertionType != AssertionType)
        {
            return new Refused(400, "invalid_request", $"client_assertion_type phải là {AssertionType}.");
        }

        string clientId;
        if (basic is { ClientId: var basicId })
        {
            if (form["client_id"].ToString() is { Length: > 0 } named && named != basicId)
            {
                return new Refused(400, "invalid_request", "client_id trong biểu mẫu khác với client_id trong tiêu đề Authorization.");
            }

            clientId = basicId;
        }
        else if (assertion.Length > 0)
        {
            clientId = UnverifiedIssuer(assertion) ?? "";
            if (form["client_id"].ToString() is { Length: > 0 } named && named != clientId)
            {
                return new Refused(401, "invalid_client", "client_id không khớp với iss của client_assertion.");
            }
        }
        else
        {
            clientId = form["client_id"].ToString();
        }

        if (string.IsNullOrEmpty(clientId) || clientId.Length > 64)
        {
            return new Refused(401, "invalid_client", "Thiếu client_id.");
        }

        // No per-client delay after failures, unlike people's sign-in: a 256-bit secret or a signature cannot be guessed,
        // and a delay keyed on a client id would let anyone who knows it lock the real system out. The per-address
        // rate limit (SignInRateLimit) still applies.
        var found = await db.SystemClients
            .Where(c => c.ClientId == clientId)
            .Join(db.Users, c => c.UserId, u => u.Id, (c, u) => new { Client = c, User = u })
            .FirstOrDefaultAsync(ct);
        var client = found is { Client.RevokedAt: null, User.DisabledAt: null } ? found.Client : null;
        var failure = assertion.Length > 0
            ? await CheckAssertionAsync(client, clientId, assertion, Audience(http.Request), ct)
            : CheckSecret(client, basic?.Secret ?? formSecret);
        if (failure is not null)
        {
            // One answer whatever failed: which client ids exist, and why a credential failed, is not told.
            return await RefuseAsync(found?.User, clientId, failure, http,
                new Refused(401, "invalid_client", "Thông tin xác thực của hệ thống không đúng, đã hết hạn hoặc đã bị thu hồi."), ct);
        }

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.FirstOrDefault(s => !ScopePattern().IsMatch(s)) is { } badScope)
        {
            return await RefuseAsync(found!.User, clientId, "scope " + Short(badScope), http, new Refused(400, "invalid_scope",
                $"Phạm vi \"{Short(badScope)}\" không hợp lệ: dùng system/*.read (chỉ đọc) hoặc system/*.* (đọc và ghi)."), ct);
        }

        var wantsWrite = requested.Any(s => !s.EndsWith(".read", StringComparison.Ordinal) && !s.EndsWith(".r", StringComparison.Ordinal)
                                            && !s.EndsWith(".rs", StringComparison.Ordinal) && !s.EndsWith(".s", StringComparison.Ordinal));
        if (client!.ReadOnly && wantsWrite)
        {
            return await RefuseAsync(found!.User, clientId, "write scope for a read-only client", http,
                new Refused(400, "invalid_scope", "Hệ thống này chỉ được đọc: xin phạm vi system/*.read."), ct);
        }

        var lifetime = TimeSpan.FromMinutes(client.TokenMinutes);
        var (principal, session) = await sessions.StartAsync(found!.User, SessionKind.Client, lifetime, ct);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(ClientClaimTypes.ClientId, client.ClientId));
        identity.AddClaim(new Claim(ClientClaimTypes.Access, client.ReadOnly ? "read" : "write"));
        client.LastTokenAt = clock.Now;
        var scope = client.ReadOnly || (requested.Length > 0 && !wantsWrite) ? ReadScope : WriteScope;
        audit.AddAs(found.User.Id, found.User.UserName!, AuditActions.ClientToken, SystemClients.AuditEntity, client.ClientId,
            $"client={client.ClientId}; scope={scope}; minutes={client.TokenMinutes}; method={(assertion.Length > 0 ? "jwt" : basic is not null ? "basic" : "post")}");
        await db.SaveChangesAsync(ct);

        var properties = new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IssuedUtc = session.StartedAt };
        var ticket = new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme);
        var token = bearer.Get(IdentityConstants.BearerScheme).BearerTokenProtector.Protect(ticket);
        return new Issued(token, (int)lifetime.TotalSeconds, scope);
    }

    /// <summary>Logs the refusal, audits it against the client when there is one, and answers it.</summary>
    private async Task<Outcome> RefuseAsync(AppUser? account, string clientId, string reason, HttpContext http, Refused answer, CancellationToken ct)
    {
        logger.LogWarning("Client token refused for {ClientId} from {Address}: {Reason}", clientId, http.Connection.RemoteIpAddress, reason);
        if (account is not null)
        {
            db.ChangeTracker.Clear();
            audit.AddAs(account.Id, account.UserName!, AuditActions.ClientTokenRefused, SystemClients.AuditEntity, clientId, $"reason={reason}");
            await db.SaveChangesAsync(ct);
        }

        return answer;
    }

    /// <summary>Null when the secret is right; the reason (for the log and audit, not the caller) otherwise.</summary>
    private static string? CheckSecret(SystemClient? client, string secret)
    {
        if (client?.SecretHash is not { } hash)
        {
            // The same work as a real check, so the time taken does not tell which client ids exist.
            SystemClients.Hasher.VerifyHashedPassword(new SystemClient { ClientId = "", UserId = "" }, DummyHash.Value, secret);
            return client is null ? "unknown, revoked or disabled" : "no secret (this client signs JWTs)";
        }

        return SystemClients.Hasher.VerifyHashedPassword(client, hash, secret) == PasswordVerificationResult.Failed ? "wrong secret" : null;
    }

    private static readonly Lazy<string> DummyHash = new(() =>
        SystemClients.Hasher.HashPassword(new SystemClient { ClientId = "", UserId = "" }, Guid.NewGuid().ToString("N")));

    private async Task<string?> CheckAssertionAsync(SystemClient? client, string clientId, string assertion, string audience, CancellationToken ct)
    {
        if (client?.PublicKeys is not { } keys)
        {
            return client is null ? "unknown, revoked or disabled" : "no public keys (this client uses a secret)";
        }

        var now = clock.Now;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = clientId,
            ValidAudience = audience,
            IssuerSigningKeys = new JsonWebKeySet(keys).GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = Skew,
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } exp && exp >= now.UtcDateTime - Skew && exp <= now.UtcDateTime + MaxAssertionLife + Skew
                                                              && (notBefore is not { } nbf || nbf <= now.UtcDateTime + Skew),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return "assertion: " + (result.Exception?.GetType().Name ?? "invalid");
        }

        if (jwt.Subject != clientId)
        {
            return "assertion: sub is not the client_id";
        }

        if (jwt.TryGetPayloadValue<long>("iat", out var issuedAt) && DateTimeOffset.FromUnixTimeSeconds(issuedAt) > now + Skew)
        {
            return "assertion: iat in the future";
        }

        // RFC 7515 §4.1.11: a critical extension the receiver does not understand makes the JWS invalid; AnSinh knows none.
        if (jwt.TryGetHeaderValue<object>("crit", out _))
        {
            return "assertion: crit header";
        }

        if (string.IsNullOrEmpty(jwt.Id) || jwt.Id.Length > 200)
        {
            return "assertion: no jti";
        }

        // Used once: the key (client, jti) refuses a second use, even two at the same moment; the usual replay is seen
        // before the insert, which is left to refuse only the rare race (EF logs a failed insert as an error).
        if (await db.UsedClientAssertions.AnyAsync(a => a.SystemClientId == client.Id && a.Jti == jwt.Id, ct))
        {
            return "assertion: jti already used";
        }

        db.UsedClientAssertions.RemoveRange(db.UsedClientAssertions.Where(a => a.SystemClientId == client.Id && a.ExpiresAt < now.AddMinutes(-10)));
        db.UsedClientAssertions.Add(new UsedClientAssertion { SystemClientId = client.Id, Jti = jwt.Id, ExpiresAt = jwt.ValidTo });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e, UniqueViolation.UsedClientAssertion))
        {
            db.ChangeTracker.Clear();
            return "assertion: jti already used";
        }

        return null;
    }

    private sealed record BasicCredentials(bool Valid, string ClientId, string Secret);

    /// <summary>client_secret_basic: both parts are form-urlencoded before base64 (RFC 6749 §2.3.1).</summary>
    private static BasicCredentials? ReadBasic(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0
                ? new BasicCredentials(false, "", "")
                : new BasicCredentials(true, Uri.UnescapeDataString(text[..colon].Replace('+', ' ')), Uri.UnescapeDataString(text[(colon + 1)..].Replace('+', ' ')));
        }
        catch (FormatException)
        {
            return new BasicCredentials(false, "", "");
        }
    }

    /// <summary>The assertion's iss before its signature is checked: only to find whose keys check it.</summary>
    private static string? UnverifiedIssuer(string assertion)
    {
        try
        {
            return new JsonWebToken(assertion).Issuer;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

/// <summary>A read-only client's token may only read: any other method is answered 403 before it reaches an endpoint.</summary>
public static class ClientAccessGate
{
    public static void UseClientAccessGate(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(ClientClaimTypes.Access, "read")
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && !context.Request.Path.StartsWithSegments("/api/auth/sign-out", StringComparison.OrdinalIgnoreCase)
            // Cancelling its own bulk export changes no record.
            && !(HttpMethods.IsDelete(context.Request.Method) && context.Request.Path.StartsWithSegments("/fhir/$export-status", StringComparison.OrdinalIgnoreCase)))
        {
            const string message = "Hệ thống này chỉ được cấp quyền đọc (system/*.read); không được ghi.";
            if (MachinePaths.IsFhir(context.Request.Path))
            {
                await Features.Fhir.FhirApi.Outcome(context, StatusCodes.Status403Forbidden, Hl7.Fhir.Model.OperationOutcome.IssueType.Forbidden, message)
                    .ExecuteAsync(context);
                return;
            }

            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: message).ExecuteAsync(context);
            return;
        }

        await next();
    });
}
