using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// One node of a body's summary: the body's code reduced to what matters for seeding order
    /// (seeds, reseeds, draws, calls into the project, lambdas that run) and the control
    /// structure around it (sequence, choice, loop, try, jumps). Nodes are immutable and hold no
    /// symbol or operation, only syntax of their own tree, so a summary outlives the compilation
    /// it was built in.
    /// </summary>
    internal abstract class FlowNode
    {
        /// <summary>No event and no jump: nothing for the solver to do.</summary>
        public static readonly FlowNode Empty = new SequenceNode(ImmutableArray<FlowNode>.Empty);

        public bool IsEmpty => ReferenceEquals(this, Empty);

        /// <summary>A sequence of the given nodes, flattened, with empty ones dropped.</summary>
        public static FlowNode Sequence(IReadOnlyList<FlowNode> nodes)
        {
            // Count first, so that the common cases allocate nothing or exactly one array.
            var count = 0;
            FlowNode? only = null;
            for (var i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                if (node is SequenceNode sequence)
                {
                    count += sequence.Items.Length;
                    only = sequence.Items.Length == 1 ? sequence.Items[0] : only;
                }
                else
                {
                    count++;
                    only = node;
                }
            }

            if (count <= 1)
            {
                return count == 0 ? Empty : only!;
            }

            var builder = ImmutableArray.CreateBuilder<FlowNode>(count);
            for (var i = 0; i < nodes.Count; i++)
            {
                if (nodes[i] is SequenceNode sequence)
                {
                    builder.AddRange(sequence.Items);
                }
                else
                {
                    builder.Add(nodes[i]);
                }
            }

            return new SequenceNode(builder.MoveToImmutable());
        }

        /// <summary>Two nodes in sequence (no array allocated when one is empty, as is usual).</summary>
        public static FlowNode Sequence(FlowNode first, FlowNode second)
            => first.IsEmpty ? second : second.IsEmpty ? first : Sequence(new[] { first, second });

        public static FlowNode Sequence(FlowNode first, FlowNode second, FlowNode third)
            => first.IsEmpty ? Sequence(second, third) : second.IsEmpty ? Sequence(first, third) : third.IsEmpty ? Sequence(first, second) : Sequence(new[] { first, second, third });

        public static FlowNode Sequence(FlowNode first, FlowNode second, FlowNode third, FlowNode fourth)
            => fourth.IsEmpty ? Sequence(first, second, third) : Sequence(new[] { first, second, third, fourth });

        public static FlowNode Sequence(params FlowNode[] nodes)
        {
            // Most code has nothing for the engine: answer without allocating.
            FlowNode? only = null;
            var count = 0;
            foreach (var node in nodes)
            {
                if (!node.IsEmpty)
                {
                    only = node;
                    count++;
                }
            }

            return count switch
            {
                0 => Empty,
                1 => only!,
                _ => Sequence((IReadOnlyList<FlowNode>)nodes),
            };
        }

        /// <summary>One of two options runs (most choices in code: a branch, a short-circuit, a null check); nothing allocated when both are empty.</summary>
        public static FlowNode Choice(FlowNode first, FlowNode second)
            => first.IsEmpty && second.IsEmpty ? Empty : new ChoiceNode(ImmutableArray.Create(first, second));

        /// <summary>Exactly one of the options runs; an empty option stands for "nothing happens".</summary>
        public static FlowNode Choice(params FlowNode[] options)
        {
            var allEmpty = true;
            foreach (var option in options)
            {
                allEmpty &= option.IsEmpty;
            }

            return allEmpty ? Empty : new ChoiceNode(ImmutableArray.Create(options));
        }

        public static FlowNode Choice(ImmutableArray<FlowNode> options)
        {
            foreach (var option in options)
            {
                if (!option.IsEmpty)
                {
                    return new ChoiceNode(options);
                }
            }

            return Empty;
        }
    }

    internal sealed class SequenceNode : FlowNode
    {
        public SequenceNode(ImmutableArray<FlowNode> items)
        {
            Items = items;
        }

        public ImmutableArray<FlowNode> Items { get; }
    }

    internal sealed class ChoiceNode : FlowNode
    {
        public ChoiceNode(ImmutableArray<FlowNode> options)
        {
            Options = options;
        }

        public ImmutableArray<FlowNode> Options { get; }
    }

    /// <summary>
    /// A loop body run any number of times (at least once for do-while). <c>break</c> leaves it,
    /// <c>continue</c> starts the next round. An endless loop (<c>while (true)</c>) is left only by
    /// a break.
    /// </summary>
    internal sealed class LoopNode : FlowNode
    {
        public LoopNode(FlowNode body, bool atLeastOnce, bool endless)
        {
            Body = body;
            AtLeastOnce = atLeastOnce;
            Endless = endless;
        }

        public FlowNode Body { get; }

        public bool AtLeastOnce { get; }

        public bool Endless { get; }
    }

    /// <summary>
    /// A body with <c>goto</c>: run again from its entry until what the gotos carry to the labels
    /// settles. Gotos are not matched to their labels: every label receives every goto's state
    /// (generous: it may find a path no program has, never loses one).
    /// </summary>
    internal sealed class GotoScopeNode : FlowNode
    {
        public GotoScopeNode(FlowNode body)
        {
            Body = body;
        }

        public FlowNode Body { get; }
    }

    /// <summary>A label: where the states of the body's gotos may arrive.</summary>
    internal sealed class LabelNode : FlowNode
    {
        public static readonly LabelNode Instance = new LabelNode();

        private LabelNode()
        {
        }
    }

    /// <summary>A switch statement: <c>break</c> inside leaves it.</summary>
    internal sealed class BreakScopeNode : FlowNode
    {
        public BreakScopeNode(FlowNode body)
        {
            Body = body;
        }

        public FlowNode Body { get; }
    }

    /// <summary>A try statement: a handler may start from any point of the body; finally runs after either.</summary>
    internal sealed class TryNode : FlowNode
    {
        public TryNode(FlowNode body, ImmutableArray<FlowNode> handlers, FlowNode? @finally)
        {
            Body = body;
            Handlers = handlers;
            Finally = @finally;
        }

        public FlowNode Body { get; }

        public ImmutableArray<FlowNode> Handlers { get; }

        public FlowNode? Finally { get; }
    }

    internal enum JumpKind
    {
        Return,
        Throw,
        Break,
        Continue,

        /// <summary>A goto: its state reaches every label of the body (see <see cref="GotoScopeNode"/>).</summary>
        GoTo,
    }

    internal sealed class JumpNode : FlowNode
    {
        public static readonly JumpNode Return = new JumpNode(JumpKind.Return);
        public static readonly JumpNode Throw = new JumpNode(JumpKind.Throw);
        public static readonly JumpNode Break = new JumpNode(JumpKind.Break);
        public static readonly JumpNode Continue = new JumpNode(JumpKind.Continue);
        public static readonly JumpNode GoTo = new JumpNode(JumpKind.GoTo);

        private JumpNode(JumpKind kind)
        {
            Kind = kind;
        }

        public JumpKind Kind { get; }
    }

    internal enum EventKind
    {
        Seed,
        Reseed,
        Draw,
    }

    /// <summary>A seed, reseed or draw of one generator, where it is in the code.</summary>
    internal sealed class GeneratorEvent : FlowNode
    {
        public GeneratorEvent(EventKind kind, Generator generator, Site site, bool seedsFromValue = false)
        {
            Kind = kind;
            Generator = generator;
            Site = site;
            SeedsFromValue = seedsFromValue;
        }

        public EventKind Kind { get; }

        public Generator Generator { get; }

        public Site Site { get; }

        /// <summary>A seed given a seed value (<c>torch.manual_seed(1)</c>), not a restored state (<c>set_rng_state</c>).</summary>
        public bool SeedsFromValue { get; }
    }

    /// <summary>
    /// A call into the project's own code: the bodies named by <see cref="Targets"/> run one after
    /// the other (a constructor without code of its own is its type's initialisers, then its base
    /// constructor). With <see cref="Dispatch"/> the single target is a virtual or interface
    /// member: any of its implementations in the project may run.
    /// </summary>
    internal sealed class CallNode : FlowNode
    {
        public CallNode(ImmutableArray<string> targets, bool dispatch, Site site)
        {
            Targets = targets;
            Dispatch = dispatch;
            Site = site;
        }

        public ImmutableArray<string> Targets { get; }

        public bool Dispatch { get; }

        public Site Site { get; }
    }

    /// <summary>A lambda or local function of the same body runs here.</summary>
    internal sealed class RunNestedNode : FlowNode
    {
        public RunNestedNode(int index, Site site)
        {
            Index = index;
            Site = site;
        }

        public int Index { get; }

        public Site Site { get; }
    }

    /// <summary>Where an event or call is, and how a message quotes it (built on first use: most are never quoted).</summary>
    internal sealed class Site
    {
        private readonly SyntaxNode _syntax;
        private readonly TextSpan _span;
        private readonly string? _baseConstructorOf;
        private string? _text;

        public Site(SyntaxNode syntax, string? baseConstructorOf = null)
        {
            _syntax = syntax;
            _span = syntax.Span;
            _baseConstructorOf = baseConstructorOf;
        }

        /// <summary>A part of <paramref name="syntax"/> (say, a call from its member name on), quoted as <paramref name="text"/>.</summary>
        public Site(SyntaxNode syntax, TextSpan span, string text)
        {
            _syntax = syntax;
            _span = span;
            _text = text;
        }

        public Location Location => Location.Create(_syntax.SyntaxTree, _span);

        public SyntaxTree Tree => _syntax.SyntaxTree;

        public int Position => _span.Start;

        public int Length => _span.Length;

        /// <summary>The code on one line, e.g. <c>nn.Linear(1, 10)</c> (for an implicit base call, the constructor that makes it).</summary>
        public string Text => _text ??= CodeText.OneLine(_syntax, maxLength: 60);

        /// <summary>For an implicit call of a base constructor (no code of its own): the base type's name.</summary>
        public string? ImplicitBaseConstructorOf => _baseConstructorOf;

        /// <summary>1-based line, for messages.</summary>
        public int Line => Location.GetLineSpan().StartLinePosition.Line + 1;

        /// <summary>Source order: by file path, then position. Keeps results independent of the order code is visited in.</summary>
        public static int Compare(Site left, Site right)
        {
            var byPath = string.CompareOrdinal(left.Tree.FilePath, right.Tree.FilePath);
            return byPath != 0 ? byPath : left.Position.CompareTo(right.Position);
        }

        /// <summary>The site that comes first in the source (<see cref="Compare"/>; the left one on a tie).</summary>
        public static Site? Earliest(Site? left, Site? right)
        {
            if (left is null || right is null)
            {
                return left ?? right;
            }

            return Compare(left, right) <= 0 ? left : right;
        }
    }
}
