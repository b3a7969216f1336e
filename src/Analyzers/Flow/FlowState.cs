using System;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Flow
{
    /// <summary>How a body is entered: before any seed, after one, or either (from different callers).</summary>
    internal enum Entry
    {
        Unseeded,
        Seeded,
        Either,
    }

    /// <summary>A place where TorchSharp's global generator is drawn from: a draw itself, or a call that leads to one.</summary>
    internal sealed class DrawSite
    {
        private readonly IOperation _operation;
        private string? _text;

        public DrawSite(Location location, IOperation operation)
        {
            Location = location;
            _operation = operation;
        }

        public Location Location { get; }

        /// <summary>
        /// The code, shortened to one line, e.g. <c>nn.Linear(1, 10)</c> or <c>BuildModel()</c>.
        /// Built on first use: most sites never appear in a message.
        /// </summary>
        public string Text => _text ??= BodyWalker.Text(_operation);

        /// <summary>1-based line, for messages.</summary>
        public int Line => Location.GetLineSpan().StartLinePosition.Line + 1;

        /// <summary>The site that comes first in the source (path, then position): keeps results independent of visiting order.</summary>
        public static DrawSite? Earliest(DrawSite? left, DrawSite? right)
        {
            if (left is null || right is null)
            {
                return left ?? right;
            }

            var byPath = string.CompareOrdinal(left.Location.SourceTree?.FilePath, right.Location.SourceTree?.FilePath);
            if (byPath != 0)
            {
                return byPath < 0 ? left : right;
            }

            return left.Location.SourceSpan.Start <= right.Location.SourceSpan.Start ? left : right;
        }
    }

    /// <summary>
    /// What is known at one point of a body: whether the global generator may still be
    /// unseeded, may already be seeded, and an unseeded draw that no seed has followed yet.
    /// </summary>
    internal readonly struct FlowState : IEquatable<FlowState>
    {
        public FlowState(bool mayBeUnseeded, bool mayBeSeeded, DrawSite? pendingDraw)
        {
            MayBeUnseeded = mayBeUnseeded;
            MayBeSeeded = mayBeSeeded;
            PendingDraw = pendingDraw;
        }

        public bool MayBeUnseeded { get; }

        public bool MayBeSeeded { get; }

        /// <summary>A draw made while unseeded, on some path, since the last seed.</summary>
        public DrawSite? PendingDraw { get; }

        /// <summary>False for code no path reaches.</summary>
        public bool IsReached => MayBeUnseeded || MayBeSeeded;

        public Entry AsEntry => MayBeUnseeded && MayBeSeeded ? Entry.Either : MayBeSeeded ? Entry.Seeded : Entry.Unseeded;

        public static FlowState At(Entry entry)
            => new FlowState(entry != Entry.Seeded, entry != Entry.Unseeded, null);

        public FlowState Merge(FlowState other)
            => new FlowState(
                MayBeUnseeded || other.MayBeUnseeded,
                MayBeSeeded || other.MayBeSeeded,
                DrawSite.Earliest(PendingDraw, other.PendingDraw));

        public FlowState AfterSeed() => new FlowState(false, true, null);

        public FlowState AfterReseed() => new FlowState(true, false, PendingDraw);

        public FlowState AfterDraw(DrawSite draw)
            => MayBeUnseeded && PendingDraw is null ? new FlowState(MayBeUnseeded, MayBeSeeded, draw) : this;

        public bool Equals(FlowState other)
            => MayBeUnseeded == other.MayBeUnseeded && MayBeSeeded == other.MayBeSeeded && ReferenceEquals(PendingDraw, other.PendingDraw);

        public override bool Equals(object? obj) => obj is FlowState other && Equals(other);

        public override int GetHashCode() => (MayBeUnseeded ? 1 : 0) | (MayBeSeeded ? 2 : 0) | ((PendingDraw?.GetHashCode() ?? 0) << 2);
    }
}
