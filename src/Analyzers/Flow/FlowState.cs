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
    /// What is known at one point of a body about one generator: whether it may still be
    /// unseeded, may already be seeded, and an unseeded draw that no seed has followed yet.
    /// </summary>
    internal readonly struct FlowState : IEquatable<FlowState>
    {
        public static readonly FlowState Unreached = default;

        public FlowState(bool mayBeUnseeded, bool mayBeSeeded, Site? pendingDraw)
        {
            MayBeUnseeded = mayBeUnseeded;
            MayBeSeeded = mayBeSeeded;
            PendingDraw = pendingDraw;
        }

        public bool MayBeUnseeded { get; }

        public bool MayBeSeeded { get; }

        /// <summary>A draw made while unseeded, on some path, since the last seed.</summary>
        public Site? PendingDraw { get; }

        /// <summary>False for code no path reaches.</summary>
        public bool IsReached => MayBeUnseeded || MayBeSeeded;

        public Entry AsEntry => MayBeUnseeded && MayBeSeeded ? Entry.Either : MayBeSeeded ? Entry.Seeded : Entry.Unseeded;

        public static FlowState At(Entry entry)
            => new FlowState(entry != Entry.Seeded, entry != Entry.Unseeded, null);

        public FlowState Merge(FlowState other)
        {
            if (!other.IsReached)
            {
                return this;
            }

            if (!IsReached)
            {
                return other;
            }

            return new FlowState(
                MayBeUnseeded || other.MayBeUnseeded,
                MayBeSeeded || other.MayBeSeeded,
                Site.Earliest(PendingDraw, other.PendingDraw));
        }

        public bool Equals(FlowState other)
            => MayBeUnseeded == other.MayBeUnseeded && MayBeSeeded == other.MayBeSeeded && ReferenceEquals(PendingDraw, other.PendingDraw);

        public override bool Equals(object? obj) => obj is FlowState other && Equals(other);

        public override int GetHashCode() => (MayBeUnseeded ? 1 : 0) | (MayBeSeeded ? 2 : 0) | ((PendingDraw?.GetHashCode() ?? 0) << 2);
    }

    /// <summary>
    /// What running a body, entered in a given state, does to one generator, as its callers see
    /// it: how the generator may be when it returns (neither: it never returns), whether some
    /// path draws while unseeded, and whether some path seeds before any unseeded draw.
    /// </summary>
    internal readonly struct Effect : IEquatable<Effect>
    {
        private const int ExitUnseededFlag = 1;
        private const int ExitSeededFlag = 2;
        private const int DrawsFlag = 4;
        private const int SeedsFlag = 8;

        private readonly int _flags;

        private Effect(int flags)
        {
            _flags = flags;
        }

        /// <summary>Nothing known yet: never returns, draws and seeds nothing (the solver's starting point).</summary>
        public static Effect None => default;

        public bool ExitMayBeUnseeded => (_flags & ExitUnseededFlag) != 0;

        public bool ExitMayBeSeeded => (_flags & ExitSeededFlag) != 0;

        public bool DrawsWhileUnseeded => (_flags & DrawsFlag) != 0;

        public bool SeedsBeforeDrawing => (_flags & SeedsFlag) != 0;

        public static Effect Of(FlowState exit, bool drawsWhileUnseeded, bool seedsBeforeDrawing)
            => new Effect((exit.MayBeUnseeded ? ExitUnseededFlag : 0)
                | (exit.MayBeSeeded ? ExitSeededFlag : 0)
                | (drawsWhileUnseeded ? DrawsFlag : 0)
                | (seedsBeforeDrawing ? SeedsFlag : 0));

        public Effect Merge(Effect other) => new Effect(_flags | other._flags);

        public bool Equals(Effect other) => _flags == other._flags;

        public override bool Equals(object? obj) => obj is Effect other && Equals(other);

        public override int GetHashCode() => _flags;
    }
}
