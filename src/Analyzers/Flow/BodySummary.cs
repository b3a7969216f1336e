using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Flow
{
    internal enum BodyKind
    {
        /// <summary>A method, accessor, operator, conversion, or the top-level statements.</summary>
        Method,
        Constructor,
        StaticConstructor,

        /// <summary>An instance field or property initialiser: runs as part of a constructor.</summary>
        Initializer,

        /// <summary>A static field or property initialiser: runs when the type is first used.</summary>
        StaticInitializer,
    }

    /// <summary>
    /// What one body does for seeding order, built once from the driver's operations and never
    /// changed. It names other bodies by their documentation id, not by symbol, so it stays
    /// valid for as long as its syntax tree and the declarations of the program are unchanged
    /// (see <see cref="FlowProgram"/>).
    /// </summary>
    internal sealed class BodySummary
    {
        public BodySummary(
            string key,
            BodyKind kind,
            SyntaxNode declaration,
            string containingTypeName,
            FlowNode root,
            ImmutableArray<FlowNode> nested,
            ImmutableArray<string> implements,
            int generators)
        {
            Key = key;
            Kind = kind;
            Declaration = declaration;
            ContainingTypeName = containingTypeName;
            Root = root;
            Nested = nested;
            Implements = implements;
            _generators = generators;
            _callables = new Callable[nested.Length + 1];
            for (var i = 0; i < _callables.Length; i++)
            {
                _callables[i] = new Callable(this, i - 1);
            }
        }

        private readonly Callable[] _callables;

        /// <summary>The member's own code (-1), or one of its lambdas and local functions, as the solver runs it.</summary>
        public Callable Callable(int index = -1) => _callables[index + 1];

        public override int GetHashCode() => _callables[0].GetHashCode();

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        private readonly int _generators;

        /// <summary>True when the body (or one of its lambdas and local functions) has an event of <paramref name="generator"/> written in it.</summary>
        public bool Mentions(Generator generator) => (_generators & (1 << generator.Index)) != 0;

        /// <summary>True when the body holds an event of any generator.</summary>
        public bool MentionsAny => _generators != 0;

        /// <summary>The member's documentation id (<c>M:Ns.Type.Method(System.Int32)</c>, <c>F:Ns.Type.field</c>).</summary>
        public string Key { get; }

        public BodyKind Kind { get; }

        /// <summary>The syntax the body was built from: where its findings belong.</summary>
        public SyntaxNode Declaration { get; }

        public string ContainingTypeName { get; }

        public FlowNode Root { get; }

        /// <summary>The lambdas and local functions of the body, run where <see cref="RunNestedNode"/> says.</summary>
        public ImmutableArray<FlowNode> Nested { get; }

        /// <summary>The keys of the project's members this one overrides or implements (for virtual and interface calls).</summary>
        public ImmutableArray<string> Implements { get; }

        public SyntaxTree Tree => Declaration.SyntaxTree;

        private ulong[]? _digests;

        /// <summary>What the body means to the solver, without its sites, in one of <see cref="FlowDigest.Projections"/>; computed once.</summary>
        public ulong Digest(int projection)
        {
            var digests = Volatile.Read(ref _digests);
            if (digests is null)
            {
                digests = FlowDigest.Of(this);
                Volatile.Write(ref _digests, digests);
            }

            return digests[projection];
        }

        private BodyOutline? _outline;

        /// <summary>The members the body (its lambdas and local functions included) may call, and its kinds of events; found once.</summary>
        public BodyOutline Outline
        {
            get
            {
                if (Volatile.Read(ref _outline) is { } outline)
                {
                    return outline;
                }

                var targets = new HashSet<string>();
                var events = 0;
                var mayStop = false;
                foreach (var node in Nodes())
                {
                    switch (node)
                    {
                        case CallNode call:
                            foreach (var target in call.Targets)
                            {
                                targets.Add(target);
                            }

                            break;
                        case GeneratorEvent generatorEvent:
                            events |= BodyOutline.Bit(generatorEvent.Generator, generatorEvent.Kind);
                            break;
                        case JumpNode { Kind: JumpKind.Throw or JumpKind.GoTo }:
                        case LoopNode { Endless: true }:
                        case GotoScopeNode:
                            mayStop = true;
                            break;
                    }
                }

                outline = new BodyOutline(ImmutableArray.CreateRange(targets), events, mayStop || NestedMayRecurse());
                Interlocked.CompareExchange(ref _outline, outline, null);
                return _outline!;
            }
        }

        /// <summary>Every seed, reseed and draw written in a body and its lambdas and local functions.</summary>
        public IEnumerable<GeneratorEvent> Events()
        {
            foreach (var node in Nodes())
            {
                if (node is GeneratorEvent generatorEvent)
                {
                    yield return generatorEvent;
                }
            }
        }

        /// <summary>
        /// True when a lambda or local function of the body may run itself again (a recursive
        /// local function, a lambda through a delegate that holds it), directly or through others
        /// of the body: such a run may never end.
        /// </summary>
        private bool NestedMayRecurse()
        {
            if (Nested.IsEmpty)
            {
                return false;
            }

            // Which nested bodies each nested body runs; then look for a cycle, depth first without recursion.
            var runs = new List<int>[Nested.Length];
            for (var i = 0; i < Nested.Length; i++)
            {
                foreach (var node in NodesOf(Nested[i]))
                {
                    if (node is RunNestedNode nested)
                    {
                        (runs[i] ??= new List<int>()).Add(nested.Index);
                    }
                }
            }

            var state = new byte[Nested.Length]; // 0 unvisited, 1 on the path, 2 done
            var path = new Stack<(int Body, int Next)>();
            for (var start = 0; start < Nested.Length; start++)
            {
                if (state[start] != 0)
                {
                    continue;
                }

                state[start] = 1;
                path.Push((start, 0));
                while (path.Count > 0)
                {
                    var (body, next) = path.Pop();
                    var targets = runs[body];
                    if (targets is not null && next < targets.Count)
                    {
                        path.Push((body, next + 1));
                        var target = targets[next];
                        if (state[target] == 1)
                        {
                            return true;
                        }

                        if (state[target] == 0)
                        {
                            state[target] = 1;
                            path.Push((target, 0));
                        }

                        continue;
                    }

                    state[body] = 2;
                }
            }

            return false;
        }

        /// <summary>Every node of the body and its lambdas and local functions.</summary>
        private IEnumerable<FlowNode> Nodes()
        {
            var pending = new Stack<FlowNode>();
            pending.Push(Root);
            foreach (var nested in Nested)
            {
                pending.Push(nested);
            }

            return Walk(pending);
        }

        /// <summary>Every node of one tree of nodes.</summary>
        internal static IEnumerable<FlowNode> NodesOf(FlowNode root)
        {
            var pending = new Stack<FlowNode>();
            pending.Push(root);
            return Walk(pending);
        }

        private static IEnumerable<FlowNode> Walk(Stack<FlowNode> pending)
        {
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                yield return node;
                switch (node)
                {
                    case SequenceNode sequence:
                        foreach (var item in sequence.Items)
                        {
                            pending.Push(item);
                        }

                        break;
                    case ChoiceNode choice:
                        foreach (var option in choice.Options)
                        {
                            pending.Push(option);
                        }

                        break;
                    case LoopNode loop:
                        pending.Push(loop.Body);
                        break;
                    case BreakScopeNode scope:
                        pending.Push(scope.Body);
                        break;
                    case GotoScopeNode gotoScope:
                        pending.Push(gotoScope.Body);
                        break;
                    case TryNode tryNode:
                        pending.Push(tryNode.Body);
                        foreach (var handler in tryNode.Handlers)
                        {
                            pending.Push(handler);
                        }

                        if (tryNode.Finally is not null)
                        {
                            pending.Push(tryNode.Finally);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>What a body may call and which kinds of events it has, without order: for the solver's quick "can this matter?" checks.</summary>
    internal sealed class BodyOutline
    {
        public BodyOutline(ImmutableArray<string> callTargets, int events, bool mayStop)
        {
            CallTargets = callTargets;
            _events = events;
            MayStop = mayStop;
        }

        private readonly int _events;

        /// <summary>The keys of every member a call in the body names.</summary>
        public ImmutableArray<string> CallTargets { get; }

        public static int Bit(Generator generator, EventKind kind) => 1 << ((generator.Index * 3) + (int)kind);

        /// <summary>Every kind of event of <paramref name="generator"/>, as bits.</summary>
        public static int AllBits(Generator generator) => 7 << (generator.Index * 3);

        public bool Has(Generator generator, EventKind kind) => (_events & Bit(generator, kind)) != 0;

        public bool HasAny(int bits) => (_events & bits) != 0;

        /// <summary>
        /// True when something in the body may stop a path before it returns: a throw, an endless
        /// loop, a goto, or a lambda or local function that may run itself again. Calls are not
        /// looked at here (see <see cref="Solver.AlwaysReturns"/>).
        /// </summary>
        public bool MayStop { get; }
    }
}
