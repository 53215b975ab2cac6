using System.Collections.Concurrent;
using AnSinh.Data;
using AnSinh.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace AnSinh.Web.Auth;

/// <summary>
/// The one password check behind the sign-in form and the token endpoint (issue #10): the same answer and about the
/// same time whether or not the account exists, a progressive delay per account instead of a lockout anyone could
/// trigger (<see cref="SignInDelay"/>), and every failure logged. Per-address limits are the rate limiter's
/// ("sign-in" policy).
/// </summary>
public sealed class PasswordSignIn(UserManager<AppUser> users, SignInManager<AppUser> signIn, SignInThrottle throttle, ILogger<PasswordSignIn> logger)
{
    public abstract record Outcome;
    public sealed record Succeeded(AppUser User) : Outcome;
    public sealed record Refused : Outcome;
    public sealed record Wait(TimeSpan RetryAfter) : Outcome;

    public async Task<Outcome> CheckAsync(string username, string password, string? address)
    {
        var key = users.NormalizeName(username.Trim()) ?? "";
        if (throttle.WaitFor(key) is { } wait)
        {
            logger.LogWarning("Sign-in for {User} from {Address} refused: wait {Seconds} s", username, address, (int)Math.Ceiling(wait.TotalSeconds));
            return new Wait(wait);
        }

        var user = await users.FindByNameAsync(username.Trim());
        bool ok;
        if (user is null)
        {
            // Hash the attempt anyway, so an unknown name takes as long to refuse as a known one.
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Get(users), password);
            ok = false;
        }
        else
        {
            // No Identity lockout on failure: the delay above does that job without a 15-minute denial of service.
            var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
            // A disabled account is refused after the hash is checked, with the same answer: nothing tells it apart.
            ok = result.Succeeded && user.DisabledAt is null && user.Kind == AccountKind.Person;
        }

        if (ok)
        {
            throttle.Succeeded(key);
            return new Succeeded(user!);
        }

        var failures = throttle.Failed(key);
        logger.LogWarning("Failed sign-in for {User} from {Address} ({Failures} in a row)", username, address, failures);
        return new Refused();
    }

    private static class DummyHash
    {
        private static string? _hash;

        public static string Get(UserManager<AppUser> users) =>
            _hash ??= users.PasswordHasher.HashPassword(new AppUser(), Guid.NewGuid().ToString("N"));
    }
}

/// <summary>Failures in a row per account name, in this process's memory (entries idle for a day are dropped).</summary>
public sealed class SignInThrottle(TimeProvider time)
{
    private sealed record State(int Failures, DateTimeOffset Last);

    private readonly ConcurrentDictionary<string, State> _accounts = new(StringComparer.Ordinal);

    public TimeSpan? WaitFor(string account)
    {
        if (!_accounts.TryGetValue(account, out var state))
        {
            return null;
        }

        var remaining = state.Last + SignInDelay.After(state.Failures) - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    public int Failed(string account)
    {
        var now = time.GetUtcNow();
        if (_accounts.Count > 100_000)
        {
            foreach (var (key, state) in _accounts)
            {
                if (now - state.Last > TimeSpan.FromDays(1))
                {
                    _accounts.TryRemove(key, out _);
                }
            }
        }

        return _accounts.AddOrUpdate(account, _ => new State(1, now), (_, s) => new State(s.Failures + 1, now)).Failures;
    }

    public void Succeeded(string account) => _accounts.TryRemove(account, out _);
}
