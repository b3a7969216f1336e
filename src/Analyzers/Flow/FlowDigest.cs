using System.Collections.Generic;
using System.Collections.Immutable;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// A fingerprint of what a summary means to the solver: its member, kind, the members it
    /// implements, and every node with its events, call targets and control structure, in order,
    /// but no site. Two summaries with the same digest have the same effects in any program,
    /// whatever positions their sites have; so when an edit leaves every tree's digest as it was
    /// (typing inside a body without adding or removing a seed, draw or call into the project,
    /// as most keystrokes do), the effects solved for the previous compilation still hold.
    /// <para>
    /// Each digest is kept in several <see cref="Projections"/>, each leaving out the events of
    /// the kinds it does not cover (the structure and calls are in all of them). What the solver
    /// answers for one generator depends only on that generator's events, so a draw typed for
    /// the CPU generator leaves the CUDA generator's answers standing, and a set of bodies that
    /// may run a seed does not depend on where draws are.
    /// </para>
    /// </summary>
    internal static class FlowDigest
    {
        private const ulong OffsetBasis = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;
        private const ulong WordMultiplier = 0x9E3779B97F4A7C15UL;

        /// <summary>
        /// The kinds of events each digest covers, as <see cref="BodyOutline"/> bits: every event
        /// first (<see cref="Everything"/>), then for each generator all its events, then each of
        /// its kinds alone.
        /// </summary>
        public static readonly ImmutableArray<int> Projections = MakeProjections();

        /// <summary>The projection of <see cref="Projections"/> that covers every event.</summary>
        public const int Everything = 0;

        /// <summary>The index in <see cref="Projections"/> of the projection that covers exactly <paramref name="events"/>, or -1.</summary>
        public static int ProjectionOf(int events) => Projections.IndexOf(events);

        /// <summary>
        /// One word into a digest: a multiply by an odd constant and a shift back, each a bijection,
        /// so the whole word reaches every bit (one step per word, not per byte: a digest is made
        /// in every projection, for every body of the program, when an editor first compares).
        /// </summary>
        public static ulong Mix(ulong hash, ulong value)
        {
            hash = (hash ^ value) * WordMultiplier;
            return hash ^ (hash >> 29);
        }

        public static ulong Mix(ulong hash, string text)
        {
            foreach (var character in text)
            {
                hash = (hash ^ character) * Prime;
            }

            return Mix(hash, (ulong)text.Length);
        }

        /// <summary>Mixes <paramref name="value"/> into the digest of every projection.</summary>
        public static void MixAll(ulong[] hashes, ulong value)
        {
            for (var i = 0; i < hashes.Length; i++)
            {
                hashes[i] = Mix(hashes[i], value);
            }
        }

        /// <summary>A new digest for every projection.</summary>
        public static ulong[] StartAll()
        {
            var hashes = new ulong[Projections.Length];
            for (var i = 0; i < hashes.Length; i++)
            {
                hashes[i] = OffsetBasis;
            }

            return hashes;
        }

        /// <summary>The digests of one body (its lambdas and local functions included), one per projection.</summary>
        public static ulong[] Of(BodySummary body)
        {
            var hashes = StartAll();
            MixAll(hashes, Mix(Mix(OffsetBasis, body.Key), (ulong)body.Kind));
            foreach (var key in body.Implements)
            {
                MixAll(hashes, Mix(OffsetBasis, key));
            }

            Of(body.Root, hashes);
            MixAll(hashes, (ulong)body.Nested.Length);
            foreach (var nested in body.Nested)
            {
                Of(nested, hashes);
            }

            return hashes;
        }

        private static ImmutableArray<int> MakeProjections()
        {
            var projections = ImmutableArray.CreateBuilder<int>();
            var everything = 0;
            foreach (var generator in Generator.All)
            {
                everything |= BodyOutline.AllBits(generator);
            }

            projections.Add(everything);
            foreach (var generator in Generator.All)
            {
                projections.Add(BodyOutline.AllBits(generator));
                foreach (var kind in new[] { EventKind.Seed, EventKind.Reseed, EventKind.Draw })
                {
                    projections.Add(BodyOutline.Bit(generator, kind));
                }
            }

            return projections.ToImmutable();
        }

        /// <summary>
        /// Pre-order walk with an explicit stack (summaries of generated code can be deep). A
        /// sequence adds nothing but its items: sequences are flat by construction (see
        /// <see cref="FlowNode.Sequence(IReadOnlyList{FlowNode})"/>), so leaving out an event
        /// gives the digest of the sequence built without it, and the children of every other
        /// node are marked off one by one, so which child an item belongs to is never lost.
        /// </summary>
        private static void Of(FlowNode root, ulong[] hashes)
        {
            var pending = new Stack<(FlowNode? Node, ulong Mark)>();
            pending.Push((root, 0));
            while (pending.Count > 0)
            {
                var (node, mark) = pending.Pop();
                if (node is null)
                {
                    MixAll(hashes, mark); // the start of a child, or the end of a node's children
                    continue;
                }

                switch (node)
                {
                    case SequenceNode sequence:
                        for (var i = sequence.Items.Length - 1; i >= 0; i--)
                        {
                            pending.Push((sequence.Items[i], 0));
                        }

                        break;
                    case ChoiceNode choice:
                        MixAll(hashes, 2UL);
                        PushEnd(pending);
                        PushChildren(pending, choice.Options);
                        break;
                    case LoopNode loop:
                        MixAll(hashes, 3UL | (loop.AtLeastOnce ? 0x100UL : 0) | (loop.Endless ? 0x200UL : 0));
                        PushEnd(pending);
                        PushChild(pending, loop.Body);
                        break;
                    case GotoScopeNode gotoScope:
                        MixAll(hashes, 4UL);
                        PushEnd(pending);
                        PushChild(pending, gotoScope.Body);
                        break;
                    case LabelNode:
                        MixAll(hashes, 5UL);
                        break;
                    case BreakScopeNode breakScope:
                        MixAll(hashes, 6UL);
                        PushEnd(pending);
                        PushChild(pending, breakScope.Body);
                        break;
                    case TryNode tryNode:
                        MixAll(hashes, 7UL | (tryNode.Finally is null ? 0 : 0x100UL) | ((ulong)tryNode.Handlers.Length << 16));
                        PushEnd(pending);
                        if (tryNode.Finally is not null)
                        {
                            PushChild(pending, tryNode.Finally);
                        }

                        PushChildren(pending, tryNode.Handlers);
                        PushChild(pending, tryNode.Body);
                        break;
                    case JumpNode jump:
                        MixAll(hashes, 8UL | ((ulong)jump.Kind << 8));
                        break;
                    case GeneratorEvent generatorEvent:
                        var bit = BodyOutline.Bit(generatorEvent.Generator, generatorEvent.Kind);
                        var value = 9UL | ((ulong)generatorEvent.Kind << 8) | ((ulong)generatorEvent.Generator.Index << 16) | (generatorEvent.SeedsFromValue ? 1UL << 24 : 0);
                        for (var i = 0; i < hashes.Length; i++)
                        {
                            if ((Projections[i] & bit) != 0)
                            {
                                hashes[i] = Mix(hashes[i], value);
                            }
                        }

                        break;
                    case CallNode call:
                        MixAll(hashes, 10UL | (call.Dispatch ? 0x100UL : 0) | ((ulong)call.Targets.Length << 16));
                        foreach (var target in call.Targets)
                        {
                            MixAll(hashes, Mix(OffsetBasis, target));
                        }

                        break;
                    case RunNestedNode nested:
                        MixAll(hashes, 11UL | ((ulong)(uint)nested.Index << 16));
                        break;
                    default:
                        MixAll(hashes, 12UL);
                        break;
                }
            }
        }

        /// <summary>
        /// The end mark of a node's children. Pushed first: the stack gives back what is pushed
        /// last first, so a node pushes its end mark, then its children last to first (<see cref="PushChild"/>).
        /// </summary>
        private static void PushEnd(Stack<(FlowNode? Node, ulong Mark)> pending) => pending.Push((null, 0xFFUL));

        /// <summary>One child, to be walked after a start mark.</summary>
        private static void PushChild(Stack<(FlowNode? Node, ulong Mark)> pending, FlowNode child)
        {
            pending.Push((child, 0));
            pending.Push((null, 0xFEUL));
        }

        /// <summary>Children last to first, so they are walked in order, each after a start mark.</summary>
        private static void PushChildren(Stack<(FlowNode? Node, ulong Mark)> pending, ImmutableArray<FlowNode> children)
        {
            for (var i = children.Length - 1; i >= 0; i--)
            {
                PushChild(pending, children[i]);
            }
        }
    }
}
