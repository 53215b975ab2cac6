namespace AnSinh.Domain.Geography;

/// <summary>One administrative unit as the tree needs it.</summary>
public sealed record UnitNode(int Id, int? ParentId, AdminLevel Level, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>
/// The administrative units of both eras of the 2025 reform and the official successions between them, held in
/// memory once. It states the two questions every part of AnSinh asks, by one succession rule:
/// <list type="bullet">
/// <item><see cref="Territory"/> — the communes whose people and facilities a figure for the unit counts: its own
/// communes and their counterparts across the reform (successors of an ended unit's communes, predecessors of a
/// current unit's).</item>
/// <item><see cref="Covered"/> — the units a user scoped to the unit may see: its territory, everything under it,
/// and everything under the units of its level it succeeded. It always contains the territory, so nobody is
/// counted in a figure that its officer cannot open.</item>
/// </list>
/// </summary>
public sealed class UnitTree
{
    private readonly Dictionary<int, UnitNode> _units;
    private readonly ILookup<int, int> _children;
    private readonly ILookup<int, int> _successors;
    private readonly ILookup<int, int> _predecessors;
    // The tree never changes once built: each unit's answers are computed once and shared (read-only).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlySet<int>> _territories = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlySet<int>> _covered = new();

    public UnitTree(IEnumerable<UnitNode> units, IEnumerable<(int PredecessorId, int SuccessorId)> successions)
    {
        _units = units.ToDictionary(u => u.Id);
        _children = _units.Values.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!.Value, u => u.Id);
        var links = successions.ToList();
        _successors = links.ToLookup(s => s.PredecessorId, s => s.SuccessorId);
        _predecessors = links.ToLookup(s => s.SuccessorId, s => s.PredecessorId);
    }

    public int Count => _units.Count;

    public UnitNode? this[int id] => _units.GetValueOrDefault(id);

    /// <summary>The unit and every unit under it.</summary>
    public HashSet<int> Descendants(int id)
    {
        var result = new HashSet<int>();
        var stack = new Stack<int>([id]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (result.Add(current))
            {
                foreach (var child in _children[current])
                {
                    stack.Push(child);
                }
            }
        }

        return result;
    }

    /// <summary>The communes a figure for the unit counts, in both eras.</summary>
    public IReadOnlySet<int> Territory(int id) => _territories.GetOrAdd(id, ComputeTerritory);

    /// <summary>The units a user scoped to the unit may see: its territory, its subtree and the subtrees of the units of its level it succeeded.</summary>
    public IReadOnlySet<int> Covered(int id) => _covered.GetOrAdd(id, ComputeCovered);

    private HashSet<int> ComputeTerritory(int id)
    {
        if (!_units.TryGetValue(id, out var unit))
        {
            return [];
        }

        var own = Descendants(id).Where(u => _units[u].Level == AdminLevel.Commune).ToHashSet();
        var counterparts = own.SelectMany(c => unit.ValidTo is not null ? _successors[c] : _predecessors[c]).ToList();
        own.UnionWith(counterparts);
        return own;
    }

    private HashSet<int> ComputeCovered(int id)
    {
        if (!_units.TryGetValue(id, out var unit))
        {
            return [];
        }

        var result = new HashSet<int>(Territory(id));
        var roots = new Queue<int>([id]);
        var seen = new HashSet<int>();
        while (roots.Count > 0)
        {
            var root = roots.Dequeue();
            if (!seen.Add(root))
            {
                continue;
            }

            result.UnionWith(Descendants(root));
            foreach (var predecessor in _predecessors[root].Where(p => _units.TryGetValue(p, out var u) && u.Level == unit.Level))
            {
                roots.Enqueue(predecessor);
            }
        }

        return result;
    }
}
