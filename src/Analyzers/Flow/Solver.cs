using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// A body the solver can run: a declared member's code, or one of its lambdas and local functions.
    /// </summary>
    internal sealed class Callable
    {
        private static int _lastId;
        private readonly int _id = System.Threading.Interlocked.Increment(ref _lastId);

        public Callable(BodySummary summary, int index)
        {
            Summary = summary;
            Index = index;
        }

        /// <summary>Identity, hashed without the runtime's object hash (the solver's tables are keyed by callables).</summary>
        public override int GetHashCode() => _id;

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        /// <summary>The declared member whose code this is (a lambda's enclosing method, say).</summary>
        public BodySummary Summary { get; }

        /// <summary>-1 for the member's own code, else the index of the lambda or local function.</summary>
        public int Index { get; }

        public FlowNode Node => Index < 0 ? Summary.Root : Summary.Nested[Index];
    }

    /// <summary>A seed that runs after an unseeded draw on some path: the seed (or the call that seeds) and that draw.</summary>
    internal sealed class LateSeed
    {
        public LateSeed(Site seed, Site draw)
        {
            Seed = seed;
            Draw = draw;
        }

        public Site Seed { get; }

        public Site Draw { get; }
    }

    /// <summary>A draw written in a body that may run while the generator is unseeded.</summary>
    internal sealed class UnseededDraw
    {
        public UnseededDraw(Site site, bool seededOnOtherPaths)
        {
            Site = site;
            SeededOnOtherPaths = seededOnOtherPaths;
        }

        public Site Site { get; }

        /// <summary>True when a seed runs before it on some paths but not all.</summary>
        public bool SeededOnOtherPaths { get; }
    }

    /// <summary>
    /// A place in a body where another body runs (a call, or a lambda or local function run)
    /// that may draw while unseeded: the callee and the state it is entered in there.
    /// </summary>
    internal sealed class UnseededCall
    {
        public UnseededCall(Site site, Callable callee, Entry entry, bool seededOnOtherPaths)
        {
            Site = site;
            Callee = callee;
            Entry = entry;
            SeededOnOtherPaths = seededOnOtherPaths;
        }

        public Site Site { get; }

        public Callable Callee { get; }

        public Entry Entry { get; }

        /// <summary>True when a seed runs before the call on some paths but not all.</summary>
        public bool SeededOnOtherPaths { get; }
    }

    /// <summary>One step from a place that draws while unseeded towards the draw behind it: a body, how it is entered, and the place in it.</summary>
    internal readonly struct DrawStep
    {
        public DrawStep(Callable body, Entry entry, Site site)
        {
            Body = body;
            Entry = entry;
            Site = site;
        }

        public Callable Body { get; }

        public Entry Entry { get; }

        public Site Site { get; }
    }

    /// <summary>
    /// The way from a place that draws while unseeded (a draw, or a call that leads to one) to
    /// the draw itself: the first step is the place asked about, the last the draw, written in
    /// the last step's body.
    /// </summary>
    internal sealed class DrawPath
    {
        public DrawPath(IReadOnlyList<DrawStep> steps, bool seededOnOtherPaths)
        {
            Steps = steps;
            SeededOnOtherPaths = seededOnOtherPaths;
        }

        public IReadOnlyList<DrawStep> Steps { get; }

        /// <summary>The draw itself.</summary>
        public DrawStep Draw => Steps[Steps.Count - 1];

        /// <summary>True when, at some step, a seed runs before it on some paths but not all.</summary>
        public bool SeededOnOtherPaths { get; }
    }

    /// <summary>What one run of a body, entered in a given state, was seen to do: facts, not findings.</summary>
    internal sealed class BodyFacts
    {
        public List<LateSeed> LateSeeds { get; } = new List<LateSeed>();

        /// <summary>Draws written in this body (not its callees) made while possibly unseeded.</summary>
        public List<UnseededDraw> UnseededDraws { get; } = new List<UnseededDraw>();

        /// <summary>Calls in this body (and runs of its lambdas and local functions) whose callee may draw while unseeded.</summary>
        public List<UnseededCall> UnseededCalls { get; } = new List<UnseededCall>();

        /// <summary>The earliest place in this body that draws while possibly unseeded, itself or through a call.</summary>
        public Site? FirstUnseededDraw { get; set; }

        /// <summary>The bodies this one runs, each with the state it is entered in.</summary>
        public List<(Callable Body, Entry Entry)> Runs { get; } = new List<(Callable, Entry)>();
    }

    /// <summary>
    /// Answers order questions over a program's summaries. The effect of a body (per entry state
    /// and generator) depends on the effects of the bodies it calls; they are found by a
    /// worklist, starting from "nothing known" and growing to the least fixed point, so mutually
    /// recursive bodies settle together whatever order they are asked in. This holds because a
    /// run's effect only grows as its callees' effects grow (the interpreter is monotone): a
    /// change that broke that would break the solver. A callee met for the first time that
    /// reaches no cycle of calls is answered first, as a nested question, to a bounded depth;
    /// beyond that depth, or when the stack runs low, the worklist goes on without recursion,
    /// so a chain of any length is answered exactly. A virtual or interface call runs any of
    /// the project's implementations. Not thread-safe: callers hold the program's gate.
    /// </summary>
    internal sealed class Solver
    {
        private readonly Dictionary<string, List<BodySummary>> _byKey;
        private readonly Dictionary<string, List<BodySummary>> _implementations;
        private readonly Dictionary<string, List<BodySummary>> _dispatch = new Dictionary<string, List<BodySummary>>();
        private readonly Dictionary<(Callable, Entry, int), Effect> _solved;

        public Solver(IEnumerable<BodySummary> bodies)
            : this(bodies, OutsideCalls.None)
        {
        }

        /// <summary>
        /// A solver over some of a program's bodies (one tree's, before the rest is summarised):
        /// a call that may run a body it does not hold (a target it has no body for, or any
        /// virtual or interface call) is taken to do what <paramref name="outside"/> says. Over a
        /// whole program, <see cref="OutsideCalls.None"/>.
        /// </summary>
        public Solver(IEnumerable<BodySummary> bodies, OutsideCalls outside)
        {
            Outside = outside;
            _byKey = new Dictionary<string, List<BodySummary>>();
            _implementations = new Dictionary<string, List<BodySummary>>();
            _solved = new Dictionary<(Callable, Entry, int), Effect>();
            foreach (var body in bodies)
            {
                Index(body);
            }
        }

        /// <summary>
        /// The solver of a program that differs from <paramref name="previous"/>'s only in the trees
        /// given: its index is the previous one with those trees' bodies swapped (the rest is not
        /// looked at again). What was found for some kinds of events carries over when every
        /// tree's <see cref="FlowDigest"/> for those kinds is unchanged (<paramref name="unchanged"/>,
        /// given <see cref="BodyOutline"/> bits): a generator's solved effects, except those of the
        /// bodies removed, and each set of bodies that may run some kinds of events. The caller
        /// holds the previous program's gate (it may still be answering questions).
        /// </summary>
        public Solver(Solver previous, IReadOnlyList<BodySummary> removed, IReadOnlyList<BodySummary> added, Func<int, bool> unchanged)
        {
            _derived = true;
            _byKey = new Dictionary<string, List<BodySummary>>(previous._byKey);
            _implementations = new Dictionary<string, List<BodySummary>>(previous._implementations);
            foreach (var body in removed)
            {
                Remove(_byKey, body.Key, body);
                foreach (var key in body.Implements)
                {
                    Remove(_implementations, key, body);
                }
            }

            foreach (var body in added)
            {
                Index(body);
            }

            foreach (var pair in previous._mayRun)
            {
                if (unchanged(pair.Key))
                {
                    _mayRun.Add(pair.Key, pair.Value); // by key, and never changed once found
                }
            }

            var sameEffects = new bool[Generator.Count];
            var any = false;
            foreach (var generator in Generator.All)
            {
                any |= sameEffects[generator.Index] = unchanged(BodyOutline.AllBits(generator));
            }

            if (!any)
            {
                _solved = new Dictionary<(Callable, Entry, int), Effect>();
                return;
            }

            var gone = new HashSet<BodySummary>(removed);
            _solved = new Dictionary<(Callable, Entry, int), Effect>(previous._solved.Count);
            foreach (var pair in previous._solved)
            {
                if (sameEffects[pair.Key.Item3] && !gone.Contains(pair.Key.Item1.Summary))
                {
                    _solved.Add(pair.Key, pair.Value);
                    _carried[pair.Key.Item3]++;
                }
            }
        }

        private readonly int[] _carried = new int[Generator.Count];
        private readonly Dictionary<int, HashSet<string>> _mayRun = new Dictionary<int, HashSet<string>>();
        private readonly Dictionary<int, Dictionary<BodySummary, bool>> _mayRunFrom = new Dictionary<int, Dictionary<BodySummary, bool>>();
        private readonly Dictionary<BodySummary, CallShape> _shapes = new Dictionary<BodySummary, CallShape>();
        private readonly bool _derived;
        // The questions being answered, outermost first (a question may ask a nested one), and
        // the tables kept for each depth between questions.
        private readonly List<Lookup> _open = new List<Lookup>();
        private readonly List<Lookup?> _tables = new List<Lookup?>();
        private Dictionary<string, List<BodySummary>>? _callers;

        /// <summary>
        /// False when running <paramref name="body"/> can never run an event of this kind of
        /// <paramref name="generator"/>: none is written in it, nor in anything it may call, to
        /// any depth (calls by name, virtual calls to any implementation), so a rule can skip
        /// bodies that cannot matter (most, for seeds) without solving them. A solver built for a
        /// whole program finds it once for every body, backwards from the bodies with such an
        /// event, and keeps it by member key, so it carries over to the next compilation while
        /// those events are unchanged; a solver derived after an edit that changed them finds it
        /// forwards, only for the bodies asked about and what they may call (an edit's questions
        /// are about the edited file).
        /// </summary>
        public bool MayRun(BodySummary body, Generator generator, EventKind kind)
            => MayRun(body, generator, BodyOutline.Bit(generator, kind));

        /// <summary>False when running <paramref name="body"/> can never run any event of <paramref name="generator"/> (see <see cref="MayRun(BodySummary, Generator, EventKind)"/>).</summary>
        public bool MayRunAny(BodySummary body, Generator generator)
            => MayRun(body, generator, BodyOutline.AllBits(generator));

        private bool MayRun(BodySummary body, Generator generator, int bits)
        {
            if (_mayRun.TryGetValue(bits, out var keys))
            {
                return keys.Contains(body.Key);
            }

            if (_derived)
            {
                return MayRunFrom(body, generator, bits);
            }

            keys = new HashSet<string>();
            var work = new Stack<BodySummary>();
            foreach (var list in _byKey.Values)
            {
                foreach (var candidate in list)
                {
                    if (candidate.Mentions(generator) && candidate.Outline.HasAny(bits))
                    {
                        keys.Add(candidate.Key);
                        work.Push(candidate);
                    }
                }
            }

            var callers = Callers();
            var reached = new HashSet<BodySummary>(work);
            while (work.Count > 0)
            {
                var current = work.Pop();
                AddCallers(callers, current.Key, keys, reached, work);
                foreach (var key in current.Implements)
                {
                    AddCallers(callers, key, keys, reached, work);
                }
            }

            _mayRun.Add(bits, keys);
            return keys.Contains(body.Key);
        }

        /// <summary>
        /// <see cref="MayRun(BodySummary, Generator, int)"/> forwards from <paramref name="start"/>:
        /// depth first without recursion over the bodies it may call, with Tarjan's strongly
        /// connected components, so that bodies calling each other get one answer and every body
        /// is looked at once per solver. A body with such an event is answered at once, without
        /// following its calls.
        /// </summary>
        private bool MayRunFrom(BodySummary start, Generator generator, int bits)
        {
            if (!_mayRunFrom.TryGetValue(bits, out var known))
            {
                _mayRunFrom.Add(bits, known = new Dictionary<BodySummary, bool>());
            }

            if (known.TryGetValue(start, out var answer))
            {
                return answer;
            }

            var order = new Dictionary<BodySummary, int>(); // the bodies entered whose component is still open
            var entered = 0;
            var component = new Stack<ReachFrame>();
            var frames = new Stack<ReachFrame>();
            Enter(start);
            while (frames.Count > 0)
            {
                var frame = frames.Peek();
                if (frame.Next < frame.Callees.Count)
                {
                    var callee = frame.Callees[frame.Next++];
                    if (known.TryGetValue(callee, out var calleeAnswer))
                    {
                        frame.Found |= calleeAnswer;
                    }
                    else if (order.TryGetValue(callee, out var calleeOrder))
                    {
                        frame.Low = Math.Min(frame.Low, calleeOrder); // on the current component (finished ones are known)
                    }
                    else if (Has(callee))
                    {
                        known[callee] = true;
                        frame.Found = true;
                    }
                    else
                    {
                        Enter(callee);
                    }

                    continue;
                }

                frames.Pop();
                if (frames.Count > 0)
                {
                    var parent = frames.Peek();
                    parent.Low = Math.Min(parent.Low, frame.Low);
                    parent.Found |= frame.Found;
                }

                if (frame.Low == frame.Order)
                {
                    // The root of a component: every body in it reaches every other, so one answer for all.
                    var members = new List<ReachFrame>();
                    var found = false;
                    ReachFrame member;
                    do
                    {
                        member = component.Pop();
                        members.Add(member);
                        found |= member.Found;
                    }
                    while (member != frame);

                    foreach (var done in members)
                    {
                        known[done.Body] = found;
                        order.Remove(done.Body);
                    }
                }
            }

            return known[start];

            bool Has(BodySummary body) => body.Mentions(generator) && body.Outline.HasAny(bits);

            void Enter(BodySummary body)
            {
                if (Has(body))
                {
                    known[body] = true;
                    return;
                }

                var frame = new ReachFrame(body, Callees(body), entered++);
                order.Add(body, frame.Order);
                component.Push(frame);
                frames.Push(frame);
            }
        }

        private sealed class ReachFrame
        {
            public ReachFrame(BodySummary body, List<BodySummary> callees, int order)
            {
                Body = body;
                Callees = callees;
                Order = order;
                Low = order;
            }

            public BodySummary Body { get; }

            public List<BodySummary> Callees { get; }

            /// <summary>When the body was entered: its place in the walk.</summary>
            public int Order { get; }

            /// <summary>The earliest body still open that it reaches.</summary>
            public int Low { get; set; }

            public int Next { get; set; }

            /// <summary>Some body it calls has the event, or reaches one.</summary>
            public bool Found { get; set; }
        }

        /// <summary>
        /// True when running <paramref name="body"/> leaves <paramref name="generator"/> as it was
        /// and comes back: no event of the generator can run in it or in anything it may call
        /// (<see cref="MayRunAny"/>), and every path returns (<see cref="AlwaysReturns"/>). Its
        /// effect is then the state it was entered in, known without running it: most of a
        /// program's bodies are such, and the worklist never visits them.
        /// </summary>
        public bool IsTransparent(BodySummary body, Generator generator)
        {
            if (Outside != OutsideCalls.None)
            {
                return false; // what it may call is not all known: it is run
            }

            // Asked at every call a run passes: kept per body, one bit per generator (known, and
            // the answer), so the string keys behind MayRun are hashed once per body.
            var known = 1 << (2 * generator.Index);
            var transparent = known << 1;
            _transparency.TryGetValue(body, out var bits);
            if ((bits & known) == 0)
            {
                bits |= known | (!MayRunAny(body, generator) && AlwaysReturns(body) ? transparent : 0);
                _transparency[body] = bits;
            }

            return (bits & transparent) != 0;
        }

        private readonly Dictionary<BodySummary, int> _transparency = new Dictionary<BodySummary, int>();

        /// <summary>
        /// The bodies each target of <paramref name="call"/> may run (<see cref="Candidates"/>),
        /// found once per call node and solver: a run looks them up at every pass, and a target is
        /// a string key.
        /// </summary>
        internal IReadOnlyList<BodySummary>[] CandidatesOf(CallNode call)
        {
            if (!_resolved.TryGetValue(call, out var lists))
            {
                var targets = call.Targets;
                lists = new IReadOnlyList<BodySummary>[targets.Length];
                for (var i = 0; i < targets.Length; i++)
                {
                    lists[i] = Candidates(targets[i], call.Dispatch);
                }

                _resolved.Add(call, lists);
            }

            return lists;
        }

        private readonly Dictionary<CallNode, IReadOnlyList<BodySummary>[]> _resolved = new Dictionary<CallNode, IReadOnlyList<BodySummary>[]>();

        /// <summary>What a call that may run code this solver does not hold is taken to do.</summary>
        public OutsideCalls Outside { get; }

        /// <summary>
        /// True when code this solver does not hold may run before the place <paramref name="site"/>
        /// of <paramref name="body"/>'s own code (found by its location: a place the summary holds
        /// more than once counts at each), on any pass over it: the code before it in its
        /// sequences, a loop or goto scope around it whole, the try before its handler or finally,
        /// a call or lambda at the place itself, and whatever those may call, to any depth. When
        /// false, every path to the place runs only code this solver holds, so its state there is
        /// the one a solver over the whole program finds. Conservative: true when the place is
        /// not found.
        /// </summary>
        public bool MayRunOutsideBefore(BodySummary body, Site site)
        {
            if (Outside == OutsideCalls.None)
            {
                return false;
            }

            var before = new List<FlowNode>();
            var found = CollectBefore(body.Root, site.Location, new List<(FlowNode, int)>(), before);
            return !found || RunsOutside(body, before);
        }

        /// <summary>True when running <paramref name="body"/> may run code this solver does not hold, to any depth.</summary>
        public bool MayRunOutside(BodySummary body)
            => Outside != OutsideCalls.None && RunsOutside(body, new List<FlowNode> { body.Root });

        /// <summary>Where a path into a try goes: its body, one of its handlers, or its finally.</summary>
        private const int TryBody = -1;
        private const int TryFinally = int.MaxValue;

        /// <summary>
        /// Adds to <paramref name="before"/> what may run before each node at <paramref name="place"/>
        /// under <paramref name="node"/>; true when there is one. <paramref name="path"/> holds the
        /// enclosing nodes, each with the index of the child the path goes through.
        /// </summary>
        private static bool CollectBefore(FlowNode node, Microsoft.CodeAnalysis.Location place, List<(FlowNode Node, int Child)> path, List<FlowNode> before)
        {
            switch (node)
            {
                case GeneratorEvent { Site: var site } when site.Location.Equals(place):
                case CallNode { Site: var callSite } when callSite.Location.Equals(place):
                case RunNestedNode { Site: var nestedSite } when nestedSite.Location.Equals(place):
                    if (node is CallNode or RunNestedNode)
                    {
                        before.Add(node); // what it runs comes before its own seed
                    }

                    AddEnclosing(path, before);
                    return true;
                case SequenceNode sequence:
                    return CollectBefore(node, sequence.Items, place, path, before);
                case ChoiceNode choice:
                    return CollectBefore(node, choice.Options, place, path, before);
                case LoopNode loop:
                    return CollectBefore(node, ImmutableArray.Create(loop.Body), place, path, before);
                case GotoScopeNode scope:
                    return CollectBefore(node, ImmutableArray.Create(scope.Body), place, path, before);
                case BreakScopeNode scope:
                    return CollectBefore(node, ImmutableArray.Create(scope.Body), place, path, before);
                case TryNode tryNode:
                    path.Add((node, TryBody));
                    var found = CollectBefore(tryNode.Body, place, path, before);
                    for (var i = 0; i < tryNode.Handlers.Length; i++)
                    {
                        path[path.Count - 1] = (node, i);
                        found |= CollectBefore(tryNode.Handlers[i], place, path, before);
                    }

                    if (tryNode.Finally is { } finallyNode)
                    {
                        path[path.Count - 1] = (node, TryFinally);
                        found |= CollectBefore(finallyNode, place, path, before);
                    }

                    path.RemoveAt(path.Count - 1);
                    return found;
                default:
                    return false;
            }
        }

        private static bool CollectBefore(FlowNode node, ImmutableArray<FlowNode> children, Microsoft.CodeAnalysis.Location place, List<(FlowNode Node, int Child)> path, List<FlowNode> before)
        {
            var found = false;
            path.Add((node, 0));
            for (var i = 0; i < children.Length; i++)
            {
                path[path.Count - 1] = (node, i);
                found |= CollectBefore(children[i], place, path, before);
            }

            path.RemoveAt(path.Count - 1);
            return found;
        }

        /// <summary>For a node at the end of <paramref name="path"/>: what its enclosing nodes may run before it.</summary>
        private static void AddEnclosing(List<(FlowNode Node, int Child)> path, List<FlowNode> before)
        {
            foreach (var (node, child) in path)
            {
                switch (node)
                {
                    case SequenceNode sequence:
                        for (var i = 0; i < child; i++)
                        {
                            before.Add(sequence.Items[i]);
                        }

                        break;
                    case LoopNode or GotoScopeNode:
                        before.Add(node); // the next pass, or a jump back
                        break;
                    case TryNode tryNode when child != TryBody:
                        before.Add(tryNode.Body); // a handler or the finally runs after (part of) the try
                        if (child == TryFinally)
                        {
                            before.AddRange(tryNode.Handlers);
                        }

                        break;
                }
            }
        }

        /// <summary>True when any of <paramref name="nodes"/> (of <paramref name="body"/>) may run code this solver does not hold, to any depth.</summary>
        private bool RunsOutside(BodySummary body, List<FlowNode> nodes)
        {
            // Work items are a body's node trees: the given nodes, then each new callee's root and
            // lambdas, and each lambda a tree runs (by its body and index).
            var work = new Stack<(BodySummary Owner, FlowNode Node)>();
            foreach (var node in nodes)
            {
                work.Push((body, node));
            }

            var callees = new HashSet<BodySummary>();
            var lambdas = new HashSet<(BodySummary, int)>();
            while (work.Count > 0)
            {
                var (owner, top) = work.Pop();
                foreach (var node in BodySummary.NodesOf(top))
                {
                    switch (node)
                    {
                        case CallNode call:
                            var candidates = CandidatesOf(call);
                            if (IsOutside(call, candidates))
                            {
                                return true;
                            }

                            foreach (var list in candidates)
                            {
                                foreach (var callee in list)
                                {
                                    if (callees.Add(callee))
                                    {
                                        work.Push((callee, callee.Root));
                                    }
                                }
                            }

                            break;
                        case RunNestedNode run when lambdas.Add((owner, run.Index)):
                            work.Push((owner, owner.Nested[run.Index]));
                            break;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when <paramref name="call"/> (whose candidates are <paramref name="candidates"/>)
        /// may run a body this solver does not hold: a virtual or interface call (an
        /// implementation may be anywhere), or a target with no body here. Always false over a
        /// whole program.
        /// </summary>
        internal bool IsOutside(CallNode call, IReadOnlyList<BodySummary>[] candidates)
        {
            if (Outside == OutsideCalls.None)
            {
                return false;
            }

            if (call.Dispatch)
            {
                return true;
            }

            foreach (var list in candidates)
            {
                if (list.Count == 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when every path through <paramref name="body"/> comes back to its caller, found
        /// from the shapes alone: nothing in it (lambdas and local functions included) may stop a
        /// path (<see cref="BodyOutline.MayStop"/>), and every body it may call (any
        /// implementation of a virtual call) always returns too. A body on a cycle of calls is
        /// taken not to (recursion may never end), as is anything that calls it. Conservative: a
        /// false answer only means the body is run to find out. See <see cref="ShapeOf"/>.
        /// </summary>
        public bool AlwaysReturns(BodySummary body) => (ShapeOf(body) & CallShape.MayNotReturn) == 0;

        /// <summary>
        /// True when no body <paramref name="body"/> may call, to any depth (itself included), is
        /// on a cycle of calls: nothing it runs can call back into its callers. See <see cref="ShapeOf"/>.
        /// </summary>
        public bool ReachesNoCycle(BodySummary body) => (ShapeOf(body) & CallShape.ReachesCycle) == 0;

        [Flags]
        private enum CallShape
        {
            None = 0,
            MayNotReturn = 1,
            ReachesCycle = 2,
        }

        /// <summary>
        /// What the calls below <paramref name="body"/> look like (<see cref="AlwaysReturns"/>,
        /// <see cref="ReachesNoCycle"/>): one depth-first walk over the bodies it may call, without
        /// recursion, each body once per solver. A call back to a body still on the walk's path
        /// closes a cycle, which every body on the way back up reaches.
        /// </summary>
        private CallShape ShapeOf(BodySummary body)
        {
            if (_shapes.TryGetValue(body, out var known))
            {
                return known;
            }

            var onPath = new HashSet<BodySummary>();
            var frames = new Stack<ShapeFrame>();
            Enter(body);
            while (frames.Count > 0)
            {
                var frame = frames.Peek();
                if (frame.Next < frame.Callees.Count)
                {
                    var callee = frame.Callees[frame.Next++];
                    if (onPath.Contains(callee))
                    {
                        frame.Shape |= CallShape.MayNotReturn | CallShape.ReachesCycle; // recursion, which may not end
                    }
                    else if (_shapes.TryGetValue(callee, out var calleeShape))
                    {
                        frame.Shape |= calleeShape;
                    }
                    else
                    {
                        Enter(callee);
                    }

                    continue;
                }

                frames.Pop();
                onPath.Remove(frame.Body);
                _shapes[frame.Body] = frame.Shape;
                if (frames.Count > 0)
                {
                    frames.Peek().Shape |= frame.Shape;
                }
            }

            return _shapes[body];

            void Enter(BodySummary entered)
            {
                onPath.Add(entered);
                frames.Push(new ShapeFrame(entered, Callees(entered)) { Shape = entered.Outline.MayStop ? CallShape.MayNotReturn : CallShape.None });
            }
        }

        private sealed class ShapeFrame
        {
            public ShapeFrame(BodySummary body, List<BodySummary> callees)
            {
                Body = body;
                Callees = callees;
            }

            public BodySummary Body { get; }

            public List<BodySummary> Callees { get; }

            public int Next { get; set; }

            public CallShape Shape { get; set; }
        }

        /// <summary>Every body a call in <paramref name="body"/> may run (any implementation of a virtual call).</summary>
        private List<BodySummary> Callees(BodySummary body)
        {
            var callees = new List<BodySummary>();
            foreach (var target in body.Outline.CallTargets)
            {
                callees.AddRange(Candidates(target, dispatch: true));
            }

            return callees;
        }

        private static void AddCallers(Dictionary<string, List<BodySummary>> callers, string key, HashSet<string> keys, HashSet<BodySummary> reached, Stack<BodySummary> work)
        {
            if (callers.TryGetValue(key, out var list))
            {
                foreach (var caller in list)
                {
                    if (reached.Add(caller))
                    {
                        keys.Add(caller.Key);
                        work.Push(caller);
                    }
                }
            }
        }

        /// <summary>For each key, the bodies with a call naming it.</summary>
        private Dictionary<string, List<BodySummary>> Callers()
        {
            if (_callers is null)
            {
                _callers = new Dictionary<string, List<BodySummary>>();
                foreach (var list in _byKey.Values)
                {
                    foreach (var body in list)
                    {
                        foreach (var target in body.Outline.CallTargets)
                        {
                            if (!_callers.TryGetValue(target, out var callers))
                            {
                                callers = new List<BodySummary>(1);
                                _callers.Add(target, callers);
                            }

                            callers.Add(body);
                        }
                    }
                }
            }

            return _callers;
        }

        /// <summary>How many solved effects of <paramref name="generator"/> this solver started with, carried over from the one it was derived from: for tests and the benchmark.</summary>
        internal int CarriedCount(Generator generator) => _carried[generator.Index];

        /// <summary>The member bodies with this key (usually one; partial or duplicate declarations may give more).</summary>
        public IReadOnlyList<BodySummary> Bodies(string key)
            => _byKey.TryGetValue(key, out var bodies) ? bodies : (IReadOnlyList<BodySummary>)System.Array.Empty<BodySummary>();

        public Callable CallableOf(BodySummary summary, int index = -1) => summary.Callable(index);

        /// <summary>What running <paramref name="body"/> entered in <paramref name="entry"/> does to <paramref name="generator"/>.</summary>
        public Effect EffectOf(Callable body, Entry entry, Generator generator)
        {
            if (IsTransparent(body.Summary, generator))
            {
                return Effect.PassingThrough(entry);
            }

            var key = (body, entry, generator.Index);
            if (_solved.TryGetValue(key, out var effect))
            {
                return effect;
            }

            Solve(key);
            return _solved[key];
        }

        /// <summary>One run of <paramref name="body"/> entered in <paramref name="entry"/>, recording its facts.</summary>
        public BodyFacts Facts(Callable body, Entry entry, Generator generator)
        {
            var facts = new BodyFacts();
            var run = new Interpreter(this, body, generator, facts, lookup: null);
            run.Run(FlowState.At(entry));
            return facts;
        }

        /// <summary>
        /// Every place of a run (its <paramref name="facts"/>) that draws while possibly
        /// unseeded, itself (a draw) or through a call into a body <paramref name="follow"/>
        /// admits, each once, in source order (<see cref="Site.Compare"/>).
        /// </summary>
        public static List<Site> UnseededPlaces(BodyFacts facts, System.Func<Callable, bool> follow)
        {
            var places = new List<Site>();
            var seen = new HashSet<Site>();
            foreach (var move in Moves(facts, follow, only: null))
            {
                if (seen.Add(move.Site))
                {
                    places.Add(move.Site);
                }
            }

            return places;
        }

        /// <summary>
        /// The draw behind <paramref name="site"/>, a place in one run of <paramref name="body"/>
        /// (whose facts are <paramref name="facts"/>) that draws while possibly unseeded: a draw
        /// written there, or a call whose callee does, followed into the callee to its first such
        /// place in source order, and so on down to a draw (through callees <paramref name="follow"/>
        /// admits; a place that leads back into the way is passed over for the next). Null when
        /// no draw is behind it.
        /// </summary>
        public DrawPath? DrawBehind(Callable body, Entry entry, BodyFacts facts, Site site, Generator generator, System.Func<Callable, bool> follow)
        {
            // Depth first without recursion across bodies (a chain of calls may be long).
            var visited = new HashSet<(Callable, Entry)> { (body, entry) };
            var frames = new List<Frame> { new Frame(body, entry, Moves(facts, follow, only: site)) };
            while (frames.Count > 0)
            {
                var frame = frames[frames.Count - 1];
                if (frame.Next == frame.Moves.Count)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                var move = frame.Moves[frame.Next++];
                if (move.Call is null)
                {
                    var steps = new DrawStep[frames.Count];
                    var seededOnOtherPaths = false;
                    for (var i = 0; i < frames.Count; i++)
                    {
                        var taken = frames[i].Moves[frames[i].Next - 1];
                        steps[i] = new DrawStep(frames[i].Body, frames[i].Entry, taken.Site);
                        seededOnOtherPaths |= taken.SeededOnOtherPaths;
                    }

                    return new DrawPath(steps, seededOnOtherPaths);
                }

                if (visited.Add((move.Call.Callee, move.Call.Entry)))
                {
                    var calleeFacts = Facts(move.Call.Callee, move.Call.Entry, generator);
                    frames.Add(new Frame(move.Call.Callee, move.Call.Entry, Moves(calleeFacts, follow, only: null)));
                }
            }

            return null;
        }

        /// <summary>
        /// For each of <paramref name="places"/> of one run of <paramref name="body"/>: whether,
        /// on some path, a seed of <paramref name="generator"/> runs while the draw made there is
        /// still pending — after it in this body, or inside a body called later (a seed "later on
        /// the same path"; reseeds leave it pending). One run answers for every place.
        /// </summary>
        public bool[] SeedsWhilePending(Callable body, Entry entry, Generator generator, IReadOnlyList<Site> places)
        {
            var watch = new Dictionary<Site, int>(places.Count);
            for (var i = 0; i < places.Count; i++)
            {
                watch[places[i]] = i;
            }

            var run = new Interpreter(this, body, generator, facts: null, lookup: null, watch);
            run.Run(FlowState.At(entry));
            var seeded = new bool[places.Count];
            for (var i = 0; i < places.Count; i++)
            {
                seeded[i] = run.SeededWhilePending?.Contains(i) == true;
            }

            return seeded;
        }

        /// <summary>
        /// True when, on some path, a seed of <paramref name="generator"/> runs while the draw at
        /// the end of <paramref name="path"/> is still pending: after its place in any body on the
        /// way, from step <paramref name="fromStep"/> on (see <see cref="SeedsWhilePending"/>).
        /// </summary>
        public bool SeedRunsWhilePending(DrawPath path, Generator generator, int fromStep = 0)
        {
            for (var i = fromStep; i < path.Steps.Count; i++)
            {
                var step = path.Steps[i];
                if (SeedsWhilePending(step.Body, step.Entry, generator, new[] { step.Site })[0])
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The roots and every body they run, each with the state it runs in and what one run of
        /// it shows, breadth first and once per body and state. <paramref name="follow"/> decides
        /// which of the runs a body makes are looked into (the roots always are).
        /// </summary>
        public IEnumerable<(Callable Body, Entry Entry, BodyFacts Facts)> Reachable(
            IEnumerable<(Callable Body, Entry Entry)> roots, Generator generator, System.Func<Callable, Entry, bool> follow)
        {
            var visited = new HashSet<(Callable, Entry)>();
            var queue = new Queue<(Callable Body, Entry Entry)>(roots);
            var rootCount = queue.Count;
            while (queue.Count > 0)
            {
                var (body, entry) = queue.Dequeue();
                var isRoot = rootCount-- > 0;
                if (!visited.Add((body, entry)) || (!isRoot && !follow(body, entry)))
                {
                    continue;
                }

                var facts = Facts(body, entry, generator);
                yield return (body, entry, facts);
                foreach (var run in facts.Runs)
                {
                    queue.Enqueue(run);
                }
            }
        }

        /// <summary>
        /// The draws and calls of one run that draw while unseeded (at <paramref name="only"/>,
        /// when given), in source order; at one place, draws first, then calls in the order they run.
        /// </summary>
        private static List<Move> Moves(BodyFacts facts, System.Func<Callable, bool> follow, Site? only)
        {
            var moves = new List<Move>(facts.UnseededDraws.Count + facts.UnseededCalls.Count);
            foreach (var draw in facts.UnseededDraws)
            {
                if (only is null || ReferenceEquals(draw.Site, only))
                {
                    moves.Add(new Move(draw.Site, null, draw.SeededOnOtherPaths, moves.Count));
                }
            }

            foreach (var call in facts.UnseededCalls)
            {
                if ((only is null || ReferenceEquals(call.Site, only)) && follow(call.Callee))
                {
                    moves.Add(new Move(call.Site, call, call.SeededOnOtherPaths, moves.Count));
                }
            }

            moves.Sort(static (left, right) =>
            {
                var order = Site.Compare(left.Site, right.Site);
                return order != 0 ? order : left.Order.CompareTo(right.Order);
            });
            return moves;
        }

        /// <summary>A draw (no call) or a call that draws, at one place of a run.</summary>
        private sealed class Move
        {
            public Move(Site site, UnseededCall? call, bool seededOnOtherPaths, int order)
            {
                Site = site;
                Call = call;
                SeededOnOtherPaths = seededOnOtherPaths;
                Order = order;
            }

            public Site Site { get; }

            public UnseededCall? Call { get; }

            public bool SeededOnOtherPaths { get; }

            public int Order { get; }
        }

        /// <summary>A body on the way from the place asked about to its draw, with the moves still to try.</summary>
        private sealed class Frame
        {
            public Frame(Callable body, Entry entry, List<Move> moves)
            {
                Body = body;
                Entry = entry;
                Moves = moves;
            }

            public Callable Body { get; }

            public Entry Entry { get; }

            public List<Move> Moves { get; }

            public int Next { get; set; }
        }

        /// <summary>The bodies one target of a call may run: the member's own, and with dispatch any implementation of it.</summary>
        internal IReadOnlyList<BodySummary> Candidates(string target, bool dispatch)
        {
            // Most members have no implementation elsewhere in the project: their own bodies, not a copy.
            if (!dispatch || !_implementations.TryGetValue(target, out var implementations))
            {
                return Bodies(target);
            }

            if (!_dispatch.TryGetValue(target, out var candidates))
            {
                candidates = new List<BodySummary>(Bodies(target));
                candidates.AddRange(implementations);
                _dispatch.Add(target, candidates);
            }

            return candidates;
        }

        /// <summary>How many times the solver's worklists ran a body, over every question so far: for tests and the benchmark.</summary>
        public int BodyRuns { get; private set; }

        /// <summary>
        /// How deep questions may nest: a chain of calls deeper than this is answered by the
        /// worklist of the question at this depth, without recursion.
        /// </summary>
        private const int MaxNesting = 32;

        /// <summary>The depth from which no question nests, after the stack ran low there (reset when the asking question ends).</summary>
        private int _stackLowFrom = int.MaxValue;

        private void Solve((Callable Body, Entry Entry, int Generator) start)
        {
            // One worklist per question, in tables kept from the last question at this depth and
            // emptied after it: most questions are about a leaf or a short chain, and fresh tables
            // cost more than the run they serve.
            var generator = Generator.All[start.Generator];
            var depth = _open.Count;
            if (depth == _tables.Count)
            {
                _tables.Add(null);
            }

            var work = _tables[depth] ??= new Lookup(this);
            _open.Add(work);
            try
            {
                var approximations = work.Approximations;
                approximations.Add(start, Effect.None);
                work.Queued.Add(start);
                work.Pending.Push(start);
                while (work.Pending.Count > 0)
                {
                    var current = work.Pending.Pop();
                    work.Queued.Remove(current);
                    work.Caller = current;
                    BodyRuns++;
                    var effect = new Interpreter(this, current.Item1, generator, facts: null, work).Run(FlowState.At(current.Item2));
                    var known = approximations[current];
                    var merged = known.Merge(effect);
                    if (merged.Equals(known))
                    {
                        continue;
                    }

                    approximations[current] = merged;
                    if (work.Dependents.TryGetValue(current, out var callers))
                    {
                        foreach (var caller in callers)
                        {
                            if (work.Queued.Add(caller))
                            {
                                work.Pending.Push(caller);
                            }
                        }
                    }
                }

                foreach (var pair in approximations)
                {
                    _solved[pair.Key] = pair.Value;
                }
            }
            finally
            {
                // Also when an exception leaves the question. Tables grown large by a long chain are
                // dropped, not emptied: emptying costs their capacity on every later question.
                _open.RemoveAt(depth);
                if (depth < _stackLowFrom)
                {
                    _stackLowFrom = int.MaxValue; // the stack unwound past the question that ran low
                }

                if (work.Approximations.Count > 256)
                {
                    _tables[depth] = null;
                }
                else
                {
                    work.Clear();
                }
            }
        }

        /// <summary>
        /// Answers a callee a question meets for the first time as a question of its own, nested
        /// in the one asking, so the caller's run goes on with the callee's settled effect. The
        /// least fixed point starts every unknown callee at "never returns", so without this a
        /// caller would stop at its first unknown callee, and run again from the start once that
        /// callee settled: once per callee in sequence, a cost that grows with the square of its
        /// size. Only for a callee that reaches no cycle of calls (<see cref="ReachesNoCycle"/>):
        /// nothing it runs can call back into a body an enclosing question is solving (that would
        /// close a cycle through the callee; and a body an enclosing question holds besides its
        /// start was refused nesting, so reaches a cycle itself or sits where no question nests
        /// deeper), and a cycle is solved once, by one worklist, as a whole. Not beyond <see cref="MaxNesting"/>
        /// questions, nor once the thread's stack runs low (until the asking question ends):
        /// then the asking question's worklist solves the callee with the rest.
        /// </summary>
        private bool TrySolveNested((Callable Body, Entry Entry, int Generator) key)
        {
            var depth = _open.Count;
            if (depth >= MaxNesting || depth >= _stackLowFrom || !ReachesNoCycle(key.Body.Summary))
            {
                return false;
            }

            try
            {
                RuntimeHelpers.EnsureSufficientExecutionStack();
                Solve(key);
                return true;
            }
            catch (InsufficientExecutionStackException)
            {
                // Questions that ended before this are settled and kept; the one that ran out of
                // stack left nothing behind (see Solve's finally). No nesting from here down.
                _stackLowFrom = depth;
                return false;
            }
        }

        /// <summary>How many flow nodes the interpreter entered for this solver, over every run: for the benchmark and tests.</summary>
        public long Steps { get; private set; }

        /// <summary>
        /// The interpreter enters a flow node: counted, and in a nested question the stack is
        /// checked, since a body's flow can be deeply nested and up to <see cref="MaxNesting"/>
        /// runs may be on the stack at once.
        /// </summary>
        internal void Step()
        {
            Steps++;
            if (_open.Count > 1)
            {
                RuntimeHelpers.EnsureSufficientExecutionStack();
            }
        }

        private void Index(BodySummary body)
        {
            Add(_byKey, body.Key, body);
            foreach (var key in body.Implements)
            {
                Add(_implementations, key, body);
            }
        }

        /// <summary>Adds to a fresh copy of the key's list: lists may be shared with the solver this one was derived from.</summary>
        private static void Add(Dictionary<string, List<BodySummary>> map, string key, BodySummary body)
        {
            var list = map.TryGetValue(key, out var known) ? new List<BodySummary>(known) : new List<BodySummary>(1);
            list.Add(body);
            map[key] = list;
        }

        private static void Remove(Dictionary<string, List<BodySummary>> map, string key, BodySummary body)
        {
            if (!map.TryGetValue(key, out var known))
            {
                return;
            }

            var list = new List<BodySummary>(known);
            list.Remove(body);
            if (list.Count == 0)
            {
                map.Remove(key);
            }
            else
            {
                map[key] = list;
            }
        }

        /// <summary>
        /// How a body being solved finds its callees' effects: settled ones; a callee met for the
        /// first time answered by a nested question where it may be (<see cref="TrySolveNested"/>);
        /// else the current approximation (and <see cref="Caller"/> is asked again when that
        /// grows). The tables of one question; the solver keeps one per depth of nesting and
        /// empties it after each question (or drops it, when it grew large).
        /// </summary>
        internal sealed class Lookup
        {
            private readonly Solver _solver;

            public Lookup(Solver solver)
            {
                _solver = solver;
            }

            public Dictionary<(Callable, Entry, int), Effect> Approximations { get; } = new Dictionary<(Callable, Entry, int), Effect>();

            public Dictionary<(Callable, Entry, int), HashSet<(Callable, Entry, int)>> Dependents { get; } = new Dictionary<(Callable, Entry, int), HashSet<(Callable, Entry, int)>>();

            public Stack<(Callable, Entry, int)> Pending { get; } = new Stack<(Callable, Entry, int)>();

            public HashSet<(Callable, Entry, int)> Queued { get; } = new HashSet<(Callable, Entry, int)>();

            /// <summary>The body being run.</summary>
            public (Callable, Entry, int) Caller { get; set; }

            public Effect EffectOf(Callable callee, Entry entry, int generator)
            {
                var key = (callee, entry, generator);
                if (_solver._solved.TryGetValue(key, out var settled))
                {
                    return settled;
                }

                if (!Approximations.ContainsKey(key) && _solver.TrySolveNested(key))
                {
                    return _solver._solved[key];
                }

                if (!Dependents.TryGetValue(key, out var callers))
                {
                    callers = new HashSet<(Callable, Entry, int)>();
                    Dependents.Add(key, callers);
                }

                callers.Add(Caller);
                if (!Approximations.TryGetValue(key, out var approximation))
                {
                    approximation = Effect.None;
                    Approximations.Add(key, approximation);
                    Queued.Add(key);
                    Pending.Push(key);
                }

                return approximation;
            }

            public void Clear()
            {
                Approximations.Clear();
                Dependents.Clear();
                Pending.Clear();
                Queued.Clear();
                Caller = default;
            }
        }
    }
}
