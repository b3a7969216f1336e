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
    /// </summary>
    internal static class FlowDigest
    {
        private const ulong OffsetBasis = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        public static ulong Start => OffsetBasis;

        public static ulong Mix(ulong hash, ulong value)
        {
            for (var i = 0; i < 8; i++)
            {
                hash = (hash ^ (value & 0xFF)) * Prime;
                value >>= 8;
            }

            return hash;
        }

        public static ulong Mix(ulong hash, string text)
        {
            foreach (var character in text)
            {
                hash = (hash ^ character) * Prime;
            }

            return Mix(hash, (ulong)text.Length);
        }

        /// <summary>The digest of one body (its lambdas and local functions included).</summary>
        public static ulong Of(BodySummary body)
        {
            var hash = Mix(Mix(OffsetBasis, body.Key), (ulong)body.Kind);
            foreach (var key in body.Implements)
            {
                hash = Mix(hash, key);
            }

            hash = Of(body.Root, hash);
            hash = Mix(hash, (ulong)body.Nested.Length);
            foreach (var nested in body.Nested)
            {
                hash = Of(nested, hash);
            }

            return hash;
        }

        /// <summary>Pre-order walk with an explicit stack (summaries of generated code can be deep).</summary>
        private static ulong Of(FlowNode root, ulong hash)
        {
            var pending = new Stack<FlowNode?>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                if (node is null)
                {
                    hash = Mix(hash, 0xFFUL); // end of a node's children: keeps nesting apart from sequence
                    continue;
                }

                switch (node)
                {
                    case SequenceNode sequence:
                        hash = Mix(hash, 1UL);
                        PushAll(pending, sequence.Items);
                        break;
                    case ChoiceNode choice:
                        hash = Mix(hash, 2UL);
                        PushAll(pending, choice.Options);
                        break;
                    case LoopNode loop:
                        hash = Mix(hash, 3UL | (loop.AtLeastOnce ? 0x100UL : 0) | (loop.Endless ? 0x200UL : 0));
                        pending.Push(null);
                        pending.Push(loop.Body);
                        break;
                    case GotoScopeNode gotoScope:
                        hash = Mix(hash, 4UL);
                        pending.Push(null);
                        pending.Push(gotoScope.Body);
                        break;
                    case LabelNode:
                        hash = Mix(hash, 5UL);
                        break;
                    case BreakScopeNode breakScope:
                        hash = Mix(hash, 6UL);
                        pending.Push(null);
                        pending.Push(breakScope.Body);
                        break;
                    case TryNode tryNode:
                        hash = Mix(hash, 7UL | (tryNode.Finally is null ? 0 : 0x100UL));
                        pending.Push(null);
                        if (tryNode.Finally is not null)
                        {
                            pending.Push(tryNode.Finally);
                        }

                        PushAll(pending, tryNode.Handlers);
                        pending.Push(tryNode.Body);
                        break;
                    case JumpNode jump:
                        hash = Mix(hash, 8UL | ((ulong)jump.Kind << 8));
                        break;
                    case GeneratorEvent generatorEvent:
                        hash = Mix(hash, 9UL | ((ulong)generatorEvent.Kind << 8) | ((ulong)generatorEvent.Generator.Index << 16) | (generatorEvent.SeedsFromValue ? 1UL << 24 : 0));
                        break;
                    case CallNode call:
                        hash = Mix(hash, 10UL | (call.Dispatch ? 0x100UL : 0) | ((ulong)call.Targets.Length << 16));
                        foreach (var target in call.Targets)
                        {
                            hash = Mix(hash, target);
                        }

                        break;
                    case RunNestedNode nested:
                        hash = Mix(hash, 11UL | ((ulong)(uint)nested.Index << 16));
                        break;
                    default:
                        hash = Mix(hash, 12UL);
                        break;
                }
            }

            return hash;
        }

        /// <summary>Children pushed in reverse, so they are walked in order, then the end marker.</summary>
        private static void PushAll(Stack<FlowNode?> pending, ImmutableArray<FlowNode> children)
        {
            pending.Push(null);
            for (var i = children.Length - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }
}
