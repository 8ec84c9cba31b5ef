namespace PlugRpc.Options;

/// <summary>A client's options (the "client" section of plugins.json).</summary>
public sealed class ClientOptions : ConnectionOptions
{
    /// <summary>The servers to call when no registry is configured (direct addressing).</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>Servers to call, with their weight, tags and metadata (direct addressing, beside <see cref="Addresses"/>).</summary>
    public List<InstanceOptions> Instances { get; set; } = [];

    /// <summary>The application key the client calls (go-rpc's AppKey): the registry path its servers are under.</summary>
    public string? AppKey { get; set; }

    /// <summary>
    /// The registry to find the servers of <see cref="AppKey"/> in, as a URL (zookeeper://h:2181/base, etcd://h:2379/prefix,
    /// consul://h:8500, memory://, file:///folder); in place of <see cref="Addresses"/>.
    /// </summary>
    public string? Registry { get; set; }

    /// <summary>How often the client lists its app key's instances in full, beside watching them (go-rpc's UpdateInterval).</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A file to keep the last good instance list in, read when the registry cannot be reached at start-up.</summary>
    public string? CacheFile { get; set; }

    /// <summary>
    /// How long the client keeps calling the instances it had when the registry suddenly lists none (as after an
    /// outage that outlasted the hosts' sessions, while they register again); zero takes an empty list at once.
    /// </summary>
    public TimeSpan EmptyListGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one call may take before it fails with DeadlineExceeded (go-rpc's RequestTimeout).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long opening a connection may take (go-rpc's DialTimeout).</summary>
    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The codec for request bodies by name (go-rpc's SerializeType).</summary>
    public string Codec { get; set; } = "msgpack";

    /// <summary>The compressor for request bodies by name, or null for none (go-rpc's CompressType).</summary>
    public string? Compressor { get; set; }

    /// <summary>
    /// How request headers are encoded: "msgpack", "json" (what a go-rpc server in JSON mode expects), or "auto":
    /// JSON when the body codec is JSON, msgpack otherwise. PlugRpc servers read both.
    /// </summary>
    public string HeaderFormat { get; set; } = "auto";

    /// <summary>The load balancer by name; null takes "p2c". Not needed with a single direct address.</summary>
    public string? Selector { get; set; }

    /// <summary>
    /// Client filters by name, outermost first, e.g. ["auth", "breaker"]. A name may stand for a call filter, an
    /// instance filter or both (as "tags" does).
    /// </summary>
    public List<string> Filters { get; set; } = [];

    /// <summary>What to do when an attempt fails (go-rpc's FailMode).</summary>
    public FailMode FailMode { get; set; } = FailMode.FailFast;

    /// <summary>Most extra attempts of one call under failover, failretry and failbackup (go-rpc's Retries).</summary>
    public int Retries { get; set; } = 2;

    /// <summary>How long one attempt may take before it counts as failed (DeadlineExceeded, retried only for idempotent methods); null gives each attempt the call's whole time.</summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>Under failbackup, how long to wait for an answer before a second attempt (of an idempotent call); null takes the instance's p95.</summary>
    public TimeSpan? BackupDelay { get; set; }

    /// <summary>The first pause before retrying on the same instance; each next one doubles, with jitter.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest pause between attempts on one instance.</summary>
    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retries (and backup requests) allowed, as a fraction of the calls made within <see cref="RetryBudgetWindow"/>; retrying an attempt that was never sent (its dial failed) does not count.</summary>
    public double RetryBudgetRatio { get; set; } = 0.1;

    /// <summary>Retries always allowed per window, however few the calls.</summary>
    public int RetryBudgetMinimum { get; set; } = 10;

    /// <summary>The sliding window the retry budget counts calls and retries over.</summary>
    public TimeSpan RetryBudgetWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Methods ("Service.Method") that may be retried after a lost connection or timed-out attempt, beside those marked idempotent.</summary>
    public List<string> IdempotentMethods { get; set; } = [];

    /// <summary>Send go-rpc's heartbeat on every pooled connection (go-rpc's Heartbeat).</summary>
    public bool Heartbeat { get; set; }

    /// <summary>How often (go-rpc's HeartbeatInterval).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Heartbeat failures in a row past which the instance is degraded (go-rpc's HeartbeatDegradeThreshold).</summary>
    public int HeartbeatDegradeThreshold { get; set; } = 5;

    /// <summary>A connection with no heartbeat answer for this long is closed, failing its calls at once; null takes three intervals.</summary>
    public TimeSpan? HeartbeatTimeout { get; set; }

    /// <summary>The auth token to send (go-rpc's Auth); the "auth" filter sends it, in place of its own settings' token.</summary>
    public string? Auth { get; set; }

    /// <summary>Failures within <see cref="CircuitBreakerWindow"/> that open an instance's breaker (go-rpc's CircuitBreakerThreshold).</summary>
    public int CircuitBreakerThreshold { get; set; } = 20;

    /// <summary>go-rpc's CircuitBreakerWindow.</summary>
    public TimeSpan CircuitBreakerWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Leave out instances whose tags differ from <see cref="Tags"/> (go-rpc's Tagged); needs the "tags" filter.</summary>
    public bool Tagged { get; set; }

    /// <summary>The client's routing tags, sent with each request by the "tags" filter (go-rpc's Tags).</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>The heartbeat timeout in effect.</summary>
    public TimeSpan EffectiveHeartbeatTimeout => HeartbeatTimeout ?? HeartbeatInterval * 3;

    /// <summary>What the client's filters may read of these options.</summary>
    public Filters.ClientSideOptions ToSideOptions() => new()
    {
        AppKey = AppKey,
        Auth = Auth,
        Tags = Tags,
        Tagged = Tagged,
        CircuitBreakerThreshold = CircuitBreakerThreshold,
        CircuitBreakerWindow = CircuitBreakerWindow,
    };

    internal global::PlugRpc.Protocol.HeaderFormat? FixedHeaderFormat() => HeaderFormat switch
    {
        "msgpack" => global::PlugRpc.Protocol.HeaderFormat.MessagePack,
        "json" => global::PlugRpc.Protocol.HeaderFormat.Json,
        _ => null,
    };

    private void ValidateGovernance(List<string> problems)
    {
        foreach (var instance in Instances)
        {
            if (!Transport.RpcAddress.TryParse(instance.Address, out _, out var error))
            {
                problems.Add($"instances: {error}");
            }

            if (instance.Weight is < 1)
            {
                problems.Add($"instances: the weight of {instance.Address} must be at least 1, not {instance.Weight}");
            }
        }

        if (!Enum.IsDefined(FailMode))
        {
            problems.Add($"failMode {(int)FailMode} is not one of failfast, failover, failretry, failsafe, failbackup");
        }

        if (Retries is < 0 or > 10)
        {
            problems.Add($"retries {Retries} must be between 0 and 10");
        }

        if (AttemptTimeout is { } attempt && attempt <= TimeSpan.Zero)
        {
            problems.Add($"attemptTimeout {attempt} must be positive");
        }

        if (BackupDelay is { } backup && backup <= TimeSpan.Zero)
        {
            problems.Add($"backupDelay {backup} must be positive");
        }

        if (RetryBackoff < TimeSpan.Zero || RetryBackoffMax < RetryBackoff)
        {
            problems.Add($"retryBackoff {RetryBackoff} must be at least zero and at most retryBackoffMax ({RetryBackoffMax})");
        }

        if (RetryBudgetRatio is < 0 or > 1)
        {
            problems.Add($"retryBudgetRatio {RetryBudgetRatio} must be between 0 and 1");
        }

        if (RetryBudgetMinimum < 0)
        {
            problems.Add($"retryBudgetMinimum {RetryBudgetMinimum} is negative");
        }

        if (RetryBudgetWindow <= TimeSpan.Zero)
        {
            problems.Add($"retryBudgetWindow {RetryBudgetWindow} must be positive");
        }

        foreach (var method in IdempotentMethods)
        {
            if (method.LastIndexOf('.') is <= 0 || method.EndsWith('.'))
            {
                problems.Add($"idempotentMethods: '{method}' is not Service.Method");
            }
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            problems.Add($"heartbeatInterval {HeartbeatInterval} must be positive");
        }

        if (HeartbeatDegradeThreshold < 0)
        {
            problems.Add($"heartbeatDegradeThreshold {HeartbeatDegradeThreshold} is negative");
        }

        if (HeartbeatTimeout is { } timeout && timeout < HeartbeatInterval)
        {
            problems.Add($"heartbeatTimeout {timeout} is shorter than heartbeatInterval ({HeartbeatInterval})");
        }

        if (CircuitBreakerThreshold < 1)
        {
            problems.Add($"circuitBreakerThreshold {CircuitBreakerThreshold} must be at least 1");
        }

        if (CircuitBreakerWindow <= TimeSpan.Zero)
        {
            problems.Add($"circuitBreakerWindow {CircuitBreakerWindow} must be positive");
        }

        if (Registry is not null)
        {
            try
            {
                Discovery.RegistryAddress.Parse(Registry);
            }
            catch (FormatException ex)
            {
                problems.Add(ex.Message);
            }

            if (string.IsNullOrWhiteSpace(AppKey))
            {
                problems.Add($"registry {Registry} needs an appKey: the app key whose servers to find");
            }

            if (Addresses.Count + Instances.Count > 0)
            {
                problems.Add("give either a registry or addresses/instances, not both");
            }
        }

        if (UpdateInterval <= TimeSpan.Zero)
        {
            problems.Add($"updateInterval {UpdateInterval} must be positive");
        }

        if (EmptyListGrace < TimeSpan.Zero)
        {
            problems.Add($"emptyListGrace {EmptyListGrace} must be zero or positive");
        }

        if (Tagged && Tags.Count == 0)
        {
            problems.Add("tagged is true but tags is empty: set the tags the client's instances must have");
        }
    }

    public void Validate()
    {
        var problems = new List<string>();
        ValidateConnection(problems);
        ValidateAddresses(Addresses, problems);
        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"requestTimeout {RequestTimeout} must be positive");
        }

        if (DialTimeout <= TimeSpan.Zero)
        {
            problems.Add($"dialTimeout {DialTimeout} must be positive");
        }

        if (string.IsNullOrWhiteSpace(Codec))
        {
            problems.Add("codec is empty");
        }

        if (HeaderFormat is not ("auto" or "msgpack" or "json"))
        {
            problems.Add($"headerFormat '{HeaderFormat}' is not one of auto, msgpack, json");
        }

        if (Selector is not null && string.IsNullOrWhiteSpace(Selector))
        {
            problems.Add("selector is empty");
        }

        ValidateGovernance(problems);

        if (problems.Count > 0)
        {
            throw new OptionsValidationException("client", problems);
        }
    }
}
