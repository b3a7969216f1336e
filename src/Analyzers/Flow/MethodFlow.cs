using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Flow
{
    /// <summary>A seed that runs after an unseeded draw: SEED002's finding.</summary>
    internal sealed class LateSeed
    {
        public LateSeed(Location seed, string seedText, DrawSite draw)
        {
            Seed = seed;
            SeedText = seedText;
            Draw = draw;
        }

        /// <summary>The seed call, or the call of the project's own method that seeds.</summary>
        public Location Seed { get; }

        public string SeedText { get; }

        public DrawSite Draw { get; }
    }

    /// <summary>A draw in a body that may run while the generator is unseeded: SEED003's finding.</summary>
    internal sealed class UnseededDraw
    {
        public UnseededDraw(DrawSite site, bool seededOnOtherPaths, ISymbol member)
        {
            Site = site;
            SeededOnOtherPaths = seededOnOtherPaths;
            Member = member;
        }

        public DrawSite Site { get; }

        /// <summary>True when a seed runs before it on some paths but not all.</summary>
        public bool SeededOnOtherPaths { get; }

        /// <summary>The method, accessor or field (for initialisers) whose code holds the draw.</summary>
        public ISymbol Member { get; }
    }

    /// <summary>A body entered in a given state: what it does to the global generator. Immutable once built.</summary>
    internal sealed class MethodFlow
    {
        public static readonly MethodFlow Nothing = new MethodFlow(Entry.Either);

        public MethodFlow(Entry entry)
        {
            var state = FlowState.At(entry);
            ExitMayBeUnseeded = state.MayBeUnseeded;
            ExitMayBeSeeded = state.MayBeSeeded;
        }

        public bool ExitMayBeUnseeded { get; set; }

        public bool ExitMayBeSeeded { get; set; }

        /// <summary>The first place, in this body, that draws (directly or through a call) while possibly unseeded.</summary>
        public DrawSite? FirstUnseededDraw { get; set; }

        /// <summary>Some path seeds (here or in a callee) before anything in this body drew unseeded.</summary>
        public bool SeedsBeforeDrawing { get; set; }

        public List<LateSeed> LateSeeds { get; } = new List<LateSeed>();

        public List<UnseededDraw> UnseededDraws { get; } = new List<UnseededDraw>();

        /// <summary>Bodies this one runs (project methods, lambdas, local functions) and the state each is entered in.</summary>
        public List<(FlowBody Body, Entry Entry)> Callees { get; } = new List<(FlowBody, Entry)>();

        /// <summary>What a caller in <paramref name="before"/> knows after running this body.</summary>
        public FlowState Apply(FlowState before, DrawSite callSite, out DrawSite? newPendingDraw)
        {
            newPendingDraw = null;
            var pending = before.PendingDraw;
            if (FirstUnseededDraw is not null && pending is null)
            {
                newPendingDraw = callSite;
                pending = callSite;
            }

            if (!ExitMayBeUnseeded)
            {
                pending = null;
            }

            return new FlowState(ExitMayBeUnseeded, ExitMayBeSeeded, pending);
        }
    }
}
