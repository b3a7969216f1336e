using System;

namespace Seeding.Analyzers.Flow
{
    /// <summary>How a body is entered: before any seed of the generator, after one, or either (from different callers).</summary>
    internal enum Entry
    {
        Unseeded,
        Seeded,
        Either,
    }

    /// <summary>
    /// What a solver over part of a program takes a call to be when it may run code the solver
    /// does not hold. With <see cref="Stops"/>, a path through such a call ends there, so what the
    /// solver finds at a place that no such call can run before (<see
    /// cref="Solver.MayRunOutsideBefore"/>) is what the whole program gives there.
    /// </summary>
    internal enum OutsideCalls
    {
        /// <summary>A solver over a whole program: every body a call may run is held.</summary>
        None,

        /// <summary>The call never returns and runs no event: no path goes on past it.</summary>
        Stops,
    }

    /// <summary>
    /// What is known at one point of a body about one generator: the set of situations some
    /// path can be in. A path is seeded, unseeded, or unseeded with a draw made since the last
    /// seed ("pending": a seed now would come too late for it); and it has, or has not, run a
    /// seed since the body was entered. Six situations, one bit each: a set of them is exact
    /// where a single merged flag would mix paths up (a seed reached both with and without a
    /// pending draw is late on one path and first on the other). The earliest pending draw is
    /// kept for messages. When a run watches some places (<see cref="Solver.SeedsWhilePending"/>),
    /// <see cref="Watched"/> holds those whose draw is pending on some path.
    /// </summary>
    internal readonly struct FlowState : IEquatable<FlowState>
    {
        public static readonly FlowState Unreached = default;

        private readonly int _situations;

        public FlowState(int situations, Site? pendingDraw, WatchSet? watched = null)
        {
            // Without a pending path there is no pending draw, watched or not.
            var pending = (situations & Situation.AllPending) != 0;
            _situations = situations;
            PendingDraw = pending ? pendingDraw : null;
            Watched = pending ? watched : null;
        }

        public int Situations => _situations;

        /// <summary>The earliest unseeded draw that a seed on some path would come after.</summary>
        public Site? PendingDraw { get; }

        /// <summary>The watched places whose draw is pending on some path (null when none, or when nothing is watched).</summary>
        public WatchSet? Watched { get; }

        /// <summary>False for code no path reaches.</summary>
        public bool IsReached => _situations != 0;

        public bool MayBeUnseeded => (_situations & Situation.AllUnseeded) != 0;

        public bool MayBeSeeded => (_situations & Situation.AllSeeded) != 0;

        public Entry AsEntry => MayBeUnseeded && MayBeSeeded ? Entry.Either : MayBeSeeded ? Entry.Seeded : Entry.Unseeded;

        public static FlowState At(Entry entry)
            => new FlowState(
                (entry != Entry.Seeded ? Situation.Bit(Situation.Unseeded, seededSinceEntry: false) : 0)
                    | (entry != Entry.Unseeded ? Situation.Bit(Situation.Seeded, seededSinceEntry: false) : 0),
                null);

        public FlowState Merge(FlowState other)
            => new FlowState(_situations | other._situations, Site.Earliest(PendingDraw, other.PendingDraw), WatchSet.Union(Watched, other.Watched));

        public bool Equals(FlowState other)
            => _situations == other._situations && ReferenceEquals(PendingDraw, other.PendingDraw) && WatchSet.Same(Watched, other.Watched);

        public override bool Equals(object? obj) => obj is FlowState other && Equals(other);

        public override int GetHashCode() => _situations | ((PendingDraw?.GetHashCode() ?? 0) << 6);
    }

    /// <summary>The six situations a path can be in, as bits of <see cref="FlowState.Situations"/>.</summary>
    internal static class Situation
    {
        public const int Seeded = 0;
        public const int Unseeded = 1;
        public const int Pending = 2;

        public const int AllSeeded = (1 << Seeded) | (1 << (Seeded + 3));
        public const int AllUnseeded = (1 << Unseeded) | (1 << (Unseeded + 3)) | AllPending;
        public const int AllPending = (1 << Pending) | (1 << (Pending + 3));

        /// <summary>The situations of paths that ran a seed since the body was entered.</summary>
        public const int AllSeededSinceEntry = 0x38;

        public static int Bit(int kind, bool seededSinceEntry) => 1 << (kind + (seededSinceEntry ? 3 : 0));

        public static int KindOf(int bitIndex) => bitIndex % 3;

        public static bool SeededSinceEntry(int bitIndex) => bitIndex >= 3;
    }

    /// <summary>
    /// What running a body, entered seeded or unseeded, does to one generator, as its callers
    /// see it: the situations it may return in (none: it never returns) and those it may throw
    /// out in, whether some path
    /// draws while unseeded, and whether some path seeds before it has seeded or drawn
    /// anything (a seed that comes too late for a draw the caller made).
    /// </summary>
    internal readonly struct Effect : IEquatable<Effect>
    {
        private const int DrawsFlag = 1 << 6;
        private const int SeedsFlag = 1 << 7;
        private const int LateFlag = 1 << 8;
        private const int ThrowsShift = 9;

        private readonly int _flags;

        private Effect(int flags)
        {
            _flags = flags;
        }

        /// <summary>Nothing known yet: never returns, draws and seeds nothing (the solver's starting point).</summary>
        public static Effect None => default;

        /// <summary>The situations the body may return in, seen from inside it (its own pending draws, its own seeds).</summary>
        public int Exits => _flags & 0x3F;

        /// <summary>
        /// The situations the body may leave in by an exception: a <c>throw</c> of its own, or one
        /// out of a body it calls, that no catch of its takes (a finally on the way has run).
        /// </summary>
        public int Throws => (_flags >> ThrowsShift) & 0x3F;

        public bool ExitMayBeUnseeded => (Exits & Situation.AllUnseeded) != 0;

        public bool ExitMayBeSeeded => (Exits & Situation.AllSeeded) != 0;

        public bool DrawsWhileUnseeded => (_flags & DrawsFlag) != 0;

        public bool SeedsBeforeDrawing => (_flags & SeedsFlag) != 0;

        /// <summary>
        /// Some path runs a seed, written in this body or its lambdas and local functions (or a
        /// call of this body that seeds), after an unseeded draw: a late seed lies inside.
        /// </summary>
        public bool HasLateSeed => (_flags & LateFlag) != 0;

        public static Effect Of(FlowState exit, FlowState thrown, bool drawsWhileUnseeded, bool seedsBeforeDrawing, bool hasLateSeed)
            => new Effect(exit.Situations | (thrown.Situations << ThrowsShift) | (drawsWhileUnseeded ? DrawsFlag : 0) | (seedsBeforeDrawing ? SeedsFlag : 0) | (hasLateSeed ? LateFlag : 0));

        /// <summary>The effect of a body that runs no event and always returns: it leaves the state as it was entered.</summary>
        public static Effect PassingThrough(Entry entry) => new Effect(FlowState.At(entry).Situations);

        public Effect Merge(Effect other) => new Effect(_flags | other._flags);

        public bool Equals(Effect other) => _flags == other._flags;

        public override bool Equals(object? obj) => obj is Effect other && Equals(other);

        public override int GetHashCode() => _flags;
    }

    /// <summary>
    /// A set of watched places, by their index in the list a run was asked to watch: immutable,
    /// shared between states, and null rather than empty.
    /// </summary>
    internal sealed class WatchSet
    {
        private readonly ulong[] _bits;

        private WatchSet(ulong[] bits)
        {
            _bits = bits;
        }

        public static WatchSet Of(int index)
        {
            var bits = new ulong[(index >> 6) + 1];
            bits[index >> 6] = 1UL << (index & 63);
            return new WatchSet(bits);
        }

        public bool Contains(int index) => (index >> 6) < _bits.Length && (_bits[index >> 6] & (1UL << (index & 63))) != 0;

        /// <summary>Both sets (one of them when it holds the other, so states that do not grow allocate nothing).</summary>
        public static WatchSet? Union(WatchSet? left, WatchSet? right)
        {
            if (left is null || ReferenceEquals(left, right) || (right is not null && left.Holds(right)))
            {
                return left is null ? right : left;
            }

            if (right is null)
            {
                return left;
            }

            if (right.Holds(left))
            {
                return right;
            }

            var bits = new ulong[System.Math.Max(left._bits.Length, right._bits.Length)];
            for (var i = 0; i < bits.Length; i++)
            {
                bits[i] = (i < left._bits.Length ? left._bits[i] : 0) | (i < right._bits.Length ? right._bits[i] : 0);
            }

            return new WatchSet(bits);
        }

        public static bool Same(WatchSet? left, WatchSet? right)
            => ReferenceEquals(left, right) || (left is not null && right is not null && left.Holds(right) && right.Holds(left));

        private bool Holds(WatchSet other)
        {
            for (var i = 0; i < other._bits.Length; i++)
            {
                if ((other._bits[i] & ~(i < _bits.Length ? _bits[i] : 0)) != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
