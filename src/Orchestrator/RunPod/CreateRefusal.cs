namespace Orchestrator.RunPod;

/// <summary>
/// Why RunPod refused a create, by RunPod's own table for <c>POST /v2/pods</c> (the GraphQL equivalents
/// where they exist). <see cref="RunPodGpuCloud"/> decides per value; docs/runpod.md has the table.
/// </summary>
public enum CreateRefusal
{
    /// <summary>422: the body does not match the contract (RunPod's <c>errors</c> list says how). Fix the configuration; never retried.</summary>
    Contract,
    /// <summary>400 (any wording), or a GraphQL stockout: this GPU and data center could not be placed. Try the next candidate.</summary>
    Unplaceable,
    /// <summary>402: insufficient balance. No candidate will succeed: stop spawning.</summary>
    Balance,
    /// <summary>403: the account cannot use this pool. Skip the candidate, keep going.</summary>
    Forbidden,
    /// <summary>429 still refused after honouring <c>Retry-After</c>: nothing was created; spawning resumes next cycle.</summary>
    RateLimited,
    /// <summary>5xx: transient. Retry the same candidate (after checking by name that nothing was created).</summary>
    ServerError,
    /// <summary>401, or a GraphQL auth error: the key is wrong.</summary>
    Auth,
    /// <summary>Any other refusal (409, 404, a GraphQL invalid-input error): rejected, not retried.</summary>
    Invalid,
}
