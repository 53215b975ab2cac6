using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AnSinh.Data;
using AnSinh.Domain.Validation;
using AnSinh.Web.Features.Audit;
using AnSinh.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace AnSinh.Web.Auth;

/// <summary>What an administrator fills in to register a system that will call the API.</summary>
public sealed class ClientInput : IAccessInput
{
    /// <summary>The client_id the system presents: lower-case letters, digits, '.', '-' (3 to 64).</summary>
    public string? ClientId { get; set; }

    /// <summary>Which system it is ("Sở Y tế Quảng Ninh — hệ thống thông tin y tế").</summary>
    public string? Name { get; set; }

    public string? Role { get; set; }
    public int? FacilityId { get; set; }
    public string? UnitCode { get; set; }

    /// <summary>Only reads; true unless the administrator lets it write.</summary>
    public bool ReadOnly { get; set; } = true;

    /// <summary>Minutes each access token lasts (5 to 1,440; 15 when empty).</summary>
    public int? TokenMinutes { get; set; }

    /// <summary>Its public keys as a JSON Web Key Set, when it signs JWT assertions; empty for a secret.</summary>
    public string? PublicKeys { get; set; }
}

public sealed record ClientRow(int Id, string ClientId, string Name, string? Role, ScopeKind ScopeKind, string? ScopeName, bool ReadOnly,
    int TokenMinutes, string Credential, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? LastTokenAt, DateTimeOffset? RevokedAt,
    int OpenTokens);

/// <summary>A registered client; <paramref name="Secret"/> is shown this once and never stored.</summary>
public sealed record RegisteredClient(int Id, string ClientId, string? Secret);

/// <summary>
/// Registering, re-keying and revoking the systems that call AnSinh with client credentials (issue #13). A client is
/// an account of kind <see cref="AccountKind.System"/> with a role and scope chosen like a person's (never system
/// administrator), so every scope rule and audit event applies to it unchanged. Revoking ends its tokens at once.
/// </summary>
public sealed partial class SystemClients(AnSinhDbContext db, UserManager<AppUser> users, AccountAdmin accounts, AuditLog audit, Clock clock)
{
    public const string AuditEntity = "Client";
    public const string SecretCredential = "secret";
    public const string KeyCredential = "jwt";
    public const int DefaultTokenMinutes = 15;
    public const int MaxTokenMinutes = 1440;
    public const int MinTokenMinutes = 5;

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{2,63}$")]
    private static partial Regex ClientIdPattern();

    internal static readonly PasswordHasher<SystemClient> Hasher = new();

    public async Task<List<ClientRow>> ListAsync(CancellationToken ct = default)
    {
        var now = clock.Now;
        var rows = await db.SystemClients.AsNoTracking()
            .Join(db.Users, c => c.UserId, u => u.Id, (c, u) => new { c, u })
            .OrderBy(x => x.c.ClientId)
            .Select(x => new
            {
                x.c.Id, x.c.ClientId, x.u.FullName, x.u.ScopeKind, x.c.ReadOnly, x.c.TokenMinutes, HasKeys = x.c.PublicKeys != null,
                x.c.CreatedAt, x.c.CreatedBy, x.c.LastTokenAt, x.c.RevokedAt,
                Role = db.UserRoles.Where(r => r.UserId == x.u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                Unit = db.AdminUnits.Where(a => a.Id == x.u.ScopeAdminUnitId).Select(a => a.Name).FirstOrDefault(),
                Facility = db.Facilities.Where(f => f.Id == x.u.ScopeFacilityId).Select(f => f.Name).FirstOrDefault(),
                Open = db.UserSessions.Count(s => s.UserId == x.u.Id && s.EndedAt == null && s.ExpiresAt > now),
            })
            .ToListAsync(ct);
        return rows.Select(r => new ClientRow(r.Id, r.ClientId, r.FullName, r.Role, r.ScopeKind, r.Facility ?? r.Unit,
            r.ReadOnly, r.TokenMinutes, r.HasKeys ? KeyCredential : SecretCredential, r.CreatedAt, r.CreatedBy, r.LastTokenAt, r.RevokedAt, r.Open)).ToList();
    }

    public async Task<ServiceResult<RegisteredClient>> RegisterAsync(ClientInput input, string? by, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var clientId = input.ClientId?.Trim();
        errors.AddIf(string.IsNullOrEmpty(clientId), "clientId", "Mã ứng dụng (client_id) là bắt buộc.");
        errors.AddIf(!string.IsNullOrEmpty(clientId) && !ClientIdPattern().IsMatch(clientId),
            "clientId", "Mã ứng dụng gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm hoặc gạch ngang, bắt đầu bằng chữ hoặc số.");
        var name = input.Name?.Trim().Normalize(System.Text.NormalizationForm.FormC);
        errors.AddIf(string.IsNullOrEmpty(name), "name", "Tên hệ thống là bắt buộc.");
        errors.AddIf(name is { Length: > 200 }, "name", "Tên hệ thống dài tối đa 200 ký tự.");
        errors.AddIf(name?.Any(char.IsControl) == true, "name", "Không được chứa ký tự điều khiển.");
        var minutes = input.TokenMinutes ?? DefaultTokenMinutes;
        errors.AddIf(minutes is < MinTokenMinutes or > MaxTokenMinutes, "tokenMinutes",
            $"Thời hạn mã truy cập từ {MinTokenMinutes} đến {MaxTokenMinutes:N0} phút.".Replace(",", ".", StringComparison.Ordinal));
        var keys = string.IsNullOrWhiteSpace(input.PublicKeys) ? null : CheckKeys(input.PublicKeys, errors);
        if (string.Equals(input.Role?.Trim(), Roles.SystemAdmin, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("role", "Hệ thống kết nối không được có vai trò quản trị hệ thống.");
        }
        else if (!Roles.All.Any(r => string.Equals(r, input.Role?.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("role", $"Chọn một vai trò: {string.Join(", ", Roles.All.Where(r => r != Roles.SystemAdmin).Select(Components.Shared.Labels.Role))}.");
        }

        var access = errors["role"] is not null ? null : await accounts.ResolveAccessAsync(input, errors, ct);
        // Said with the other problems, not on the next try.
        if (!string.IsNullOrEmpty(clientId) && errors["clientId"] is null && await users.FindByNameAsync(clientId) is not null)
        {
            errors.Add("clientId", $"Mã ứng dụng {clientId} đã được dùng (bởi một hệ thống hoặc một tài khoản).");
        }

        if (!errors.IsValid || access is null)
        {
            return ServiceResult<RegisteredClient>.Invalid(errors);
        }

        var user = new AppUser
        {
            UserName = clientId, FullName = name!, Kind = AccountKind.System,
            ScopeKind = access.Kind, ScopeAdminUnitId = access.UnitId, ScopeFacilityId = access.FacilityId,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user);
        }
        catch (DbUpdateException)
        {
            // Two registrations of the same client id at once: the unique user name lets one through.
            return ServiceResult<RegisteredClient>.Invalid("clientId", $"Mã ứng dụng {clientId} đã được dùng (bởi một hệ thống hoặc một tài khoản).");
        }

        if (!created.Succeeded)
        {
            return ServiceResult<RegisteredClient>.Invalid("clientId", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, access.Role);
        var secret = keys is null ? NewSecret() : null;
        var client = new SystemClient
        {
            ClientId = clientId!, UserId = user.Id, PublicKeys = keys, ReadOnly = input.ReadOnly, TokenMinutes = minutes,
            CreatedAt = clock.Now, CreatedBy = by,
        };
        client.SecretHash = secret is null ? null : Hasher.HashPassword(client, secret);
        db.SystemClients.Add(client);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.RegisterClient, null, AuditEntity, client.ClientId,
            $"client={client.ClientId}; role={access.Role}; scope={AccountAdmin.Describe(access)}; readOnly={client.ReadOnly}; credential={(keys is null ? SecretCredential : KeyCredential)}; minutes={minutes}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ServiceResult<RegisteredClient>.Ok(new RegisteredClient(client.Id, client.ClientId, secret));
    }

    /// <summary>A new secret (the old one and every token made with it stop working); the client then uses a secret.</summary>
    public Task<ServiceResult<RegisteredClient>> NewSecretAsync(int id, CancellationToken ct = default) =>
        ChangeCredentialsAsync(id, null, ct);

    /// <summary>New public keys (the secret, if any, stops working, and so do the tokens made before).</summary>
    public async Task<ServiceResult<RegisteredClient>> SetKeysAsync(int id, string? publicKeys, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(publicKeys))
        {
            errors.Add("publicKeys", "Dán bộ khóa công khai (JSON Web Key Set) của hệ thống.");
            return ServiceResult<RegisteredClient>.Invalid(errors);
        }

        var keys = CheckKeys(publicKeys, errors);
        return keys is null ? ServiceResult<RegisteredClient>.Invalid(errors) : await ChangeCredentialsAsync(id, keys, ct);
    }

    private async Task<ServiceResult<RegisteredClient>> ChangeCredentialsAsync(int id, string? keys, CancellationToken ct)
    {
        var client = await db.SystemClients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return ServiceResult<RegisteredClient>.Missing();
        }

        if (client.RevokedAt is not null)
        {
            return ServiceResult<RegisteredClient>.Invalid("clientId", "Hệ thống này đã bị thu hồi quyền; hãy đăng ký mới.");
        }

        var secret = keys is null ? NewSecret() : null;
        client.PublicKeys = keys;
        client.SecretHash = secret is null ? null : Hasher.HashPassword(client, secret);
        await accounts.EndSessionsAsync(client.UserId, SessionEndReasons.ClientCredentialsChanged, null, ct);
        audit.Add(AuditActions.ClientCredentials, null, AuditEntity, client.ClientId,
            $"client={client.ClientId}; credential={(keys is null ? SecretCredential : KeyCredential)}");
        await db.SaveChangesAsync(ct);
        return ServiceResult<RegisteredClient>.Ok(new RegisteredClient(client.Id, client.ClientId, secret));
    }

    /// <summary>For good: the client can no longer get a token, and the tokens it holds are refused from the next request.</summary>
    public async Task<ServiceResult<bool>> RevokeAsync(int id, string? by, CancellationToken ct = default)
    {
        var client = await db.SystemClients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return ServiceResult<bool>.Missing();
        }

        if (client.RevokedAt is null)
        {
            var now = clock.Now;
            client.RevokedAt = now;
            client.RevokedBy = by;
            // The secret's hash goes; the public keys (nothing secret) stay, so the list still says how it signed in.
            client.SecretHash = null;
            var user = await db.Users.FirstAsync(u => u.Id == client.UserId, ct);
            user.DisabledAt = now;
            await accounts.EndSessionsAsync(client.UserId, SessionEndReasons.ClientRevoked, null, ct);
            audit.Add(AuditActions.RevokeClient, null, AuditEntity, client.ClientId, $"client={client.ClientId}");
            await db.SaveChangesAsync(ct);
        }

        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>Why an RSA key cannot check signatures (too short, a bad exponent, not a key at all), or null.</summary>
    private static string? RsaProblem(JsonWebKey key)
    {
        if (Bytes(key.N) is not { } n || Bytes(key.E) is not { } e)
        {
            return "khóa RSA cần n và e dạng base64url.";
        }

        if (n.SkipWhile(b => b == 0).Count() * 8 < 2048)
        {
            return "khóa RSA phải dài ít nhất 2.048 bit.";
        }

        var exponent = new System.Numerics.BigInteger(e, isUnsigned: true, isBigEndian: true);
        if (exponent < 3 || exponent.IsEven)
        {
            return "số mũ e của khóa RSA không hợp lệ (thường là AQAB, tức 65537).";
        }

        if (key.Alg is { Length: > 0 } alg && alg is not (SecurityAlgorithms.RsaSha256 or SecurityAlgorithms.RsaSha384))
        {
            return $"khóa RSA ký RS256 hoặc RS384, không phải {alg}.";
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
            return null;
        }
        catch (CryptographicException)
        {
            return "không phải một khóa RSA dùng được.";
        }
    }

    /// <summary>Why an EC key cannot check signatures (another curve, a point not on it), or null.</summary>
    private static string? EcProblem(JsonWebKey key)
    {
        var (curve, size, alg) = key.Crv switch
        {
            JsonWebKeyECTypes.P256 => (ECCurve.NamedCurves.nistP256, 32, SecurityAlgorithms.EcdsaSha256),
            JsonWebKeyECTypes.P384 => (ECCurve.NamedCurves.nistP384, 48, SecurityAlgorithms.EcdsaSha384),
            _ => (default(ECCurve), 0, ""),
        };
        if (size == 0)
        {
            return "khóa EC phải trên đường cong P-256 hoặc P-384.";
        }

        if (Bytes(key.X) is not { } x || Bytes(key.Y) is not { } y || x.Length != size || y.Length != size)
        {
            return $"khóa EC {key.Crv} cần x và y dạng base64url, mỗi giá trị {size} byte.";
        }

        if (key.Alg is { Length: > 0 } given && given != alg)
        {
            return $"khóa EC {key.Crv} ký {alg}, không phải {given}.";
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } });
            return null;
        }
        catch (CryptographicException)
        {
            return "điểm (x, y) không nằm trên đường cong: không phải một khóa EC dùng được.";
        }
    }

    private static byte[]? Bytes(string? base64Url)
    {
        if (string.IsNullOrEmpty(base64Url))
        {
            return null;
        }

        try
        {
            return Base64UrlEncoder.DecodeBytes(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>43 characters from 32 random bytes.</summary>
    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// A JSON Web Key Set of public RSA (2,048 bits or more) or EC (P-256, P-384) keys; a private key pasted by
    /// mistake is refused (and not kept), since whoever holds it can act as the client.
    /// </summary>
    internal static string? CheckKeys(string text, ValidationErrors errors)
    {
        if (text.Length > 20_000)
        {
            errors.Add("publicKeys", "Bộ khóa công khai dài tối đa 20.000 ký tự.");
            return null;
        }

        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(text.Trim());
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            errors.Add("publicKeys", "Bộ khóa công khai phải là một JSON Web Key Set: {\"keys\": [ … ]}.");
            return null;
        }

        if (set.Keys.Count == 0)
        {
            errors.Add("publicKeys", text.Contains("\"kty\"", StringComparison.Ordinal) && !text.Contains("\"keys\"", StringComparison.Ordinal)
                ? "Đặt khóa trong một bộ khóa: {\"keys\": [ { \"kty\": … } ]}."
                : "Bộ khóa công khai không có khóa nào (\"keys\" trống).");
            return null;
        }

        var kids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < set.Keys.Count; i++)
        {
            var key = set.Keys[i];
            var where = $"Khóa thứ {i + 1}";
            if (!string.IsNullOrEmpty(key.D) || !string.IsNullOrEmpty(key.P) || !string.IsNullOrEmpty(key.Q))
            {
                errors.Add("publicKeys", $"{where} chứa phần khóa bí mật (\"d\"): chỉ dán khóa công khai; hãy tạo cặp khóa mới vì khóa bí mật này đã lộ.");
                continue;
            }

            if (key.Use is { Length: > 0 } use && use != "sig")
            {
                errors.Add("publicKeys", $"{where}: \"use\" là \"{use}\"; khóa dùng để ký phải là \"sig\" hoặc bỏ trống.");
            }

            if (key.Kid is { Length: > 0 } kid && !kids.Add(kid))
            {
                errors.Add("publicKeys", $"{where}: \"kid\" {kid} trùng với một khóa khác.");
            }

            var problem = key.Kty switch
            {
                JsonWebAlgorithmsKeyTypes.RSA => RsaProblem(key),
                JsonWebAlgorithmsKeyTypes.EllipticCurve => EcProblem(key),
                _ => "chỉ nhận khóa RSA (n, e) hoặc EC P-256/P-384 (crv, x, y).",
            };
            if (problem is not null)
            {
                errors.Add("publicKeys", $"{where}: {problem}");
            }
        }

        return errors.IsValid ? text.Trim() : null;
    }
}
