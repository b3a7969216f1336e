using System.Collections.Generic;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// Runs one body's summary over the states of one generator: the transfer of every event,
    /// choices merged, loops to a fixed point, a catch handler entered from any point of its try,
    /// returns, throws, breaks and continues carried to where they land (through every finally on
    /// the way), and calls answered by the callee's effect (the states it returns in, and those it
    /// throws out in, which leave the call as a throw of this body).
    /// With <see cref="BodyFacts"/> it records what it sees, once, in the settled states. With
    /// watched places it follows the draws made there (<see cref="FlowState.Watched"/>) and notes
    /// which of them are pending when a seed runs.
    /// </summary>
    internal sealed class Interpreter
    {
        private readonly Solver _solver;
        private readonly Callable _body;
        private readonly Generator _generator;
        private readonly BodyFacts? _facts;
        private readonly Solver.Lookup? _lookup;
        private readonly Dictionary<Site, int>? _watch;
        private readonly List<Jumps> _scopes = new List<Jumps>(0);
        private HashSet<(Callable, Entry)>? _runsSeen;
        private readonly List<TryFrame> _tryFrames = new List<TryFrame>(0);
        private FlowState _returned;
        private FlowState _thrown;
        private FlowState _gotos;
        private int _settling;
        private bool _draws;
        private bool _seeds;
        private bool _late;
        private HashSet<(Site, Callable, Entry)>? _callsSeen;

        public Interpreter(Solver solver, Callable body, Generator generator, BodyFacts? facts, Solver.Lookup? lookup, Dictionary<Site, int>? watch = null)
        {
            _solver = solver;
            _body = body;
            _generator = generator;
            _facts = facts;
            _lookup = lookup;
            _watch = watch;
        }

        /// <summary>The watched places whose draw was pending, on some path, when a seed ran.</summary>
        public WatchSet? SeededWhilePending { get; private set; }

        private bool Recording => _facts is not null && _settling == 0;

        /// <summary>Runs the body from <paramref name="entry"/>; the effect its callers see.</summary>
        public Effect Run(FlowState entry)
        {
            var end = Run(_body.Node, entry);
            var exit = end.Merge(_returned);
            return Effect.Of(exit, _thrown, _draws, _seeds, _late);
        }

        private FlowState Run(FlowNode node, FlowState state)
        {
            _solver.Step();
            if (!state.IsReached && !(node is LabelNode && _gotos.IsReached) && !(node is SequenceNode && _gotos.IsReached))
            {
                return state;
            }

            switch (node)
            {
                case SequenceNode sequence:
                    foreach (var item in sequence.Items)
                    {
                        // Past an unreached point only a label (a goto's target) can be reached again.
                        if (state.IsReached || (_gotos.IsReached && item is LabelNode or SequenceNode))
                        {
                            state = Run(item, state);
                        }
                    }

                    return state;
                case ChoiceNode choice:
                    var merged = FlowState.Unreached;
                    foreach (var option in choice.Options)
                    {
                        merged = merged.Merge(Run(option, state));
                    }

                    return merged;
                case GeneratorEvent generatorEvent:
                    return Observe(Event(generatorEvent, state));
                case CallNode call:
                    return Observe(Call(call, state));
                case RunNestedNode nested:
                    return Observe(RunBody(_solver.CallableOf(_body.Summary, nested.Index), nested.Site, state, isNested: true));
                case LoopNode loop:
                    return Loop(loop, state);
                case BreakScopeNode scope:
                    var (end, jumps) = Round(scope.Body, state, isLoop: false);
                    return end.Merge(jumps.Break);
                case TryNode tryNode:
                    return Try(tryNode, state);
                case JumpNode jump:
                    Jump(jump.Kind, state);
                    return FlowState.Unreached;
                case LabelNode:
                    // Gotos from anywhere in the body land here, also from outside an enclosing
                    // try: what follows may throw into its handlers in any of those states. (Every
                    // other state is made of observed ones, so an event of another generator, which
                    // changes no state, adds nothing to what a handler starts from: the answers for
                    // one generator depend on its own events only, see FlowDigest.)
                    return Observe(state.Merge(_gotos));
                case GotoScopeNode scope:
                    return GotoScope(scope, state);
                default:
                    return state;
            }
        }

        private FlowState Event(GeneratorEvent generatorEvent, FlowState state)
        {
            if (generatorEvent.Generator != _generator)
            {
                return state;
            }

            var after = 0;
            var situations = state.Situations;
            switch (generatorEvent.Kind)
            {
                case EventKind.Seed:
                    SeededWhilePending = WatchSet.Union(SeededWhilePending, state.Watched);
                    for (var bit = 0; bit < 6; bit++)
                    {
                        if ((situations & (1 << bit)) == 0)
                        {
                            continue;
                        }

                        var kind = Situation.KindOf(bit);
                        if (kind == Situation.Pending)
                        {
                            _late = true;
                            if (Recording && state.PendingDraw is { } draw)
                            {
                                _facts!.LateSeeds.Add(new LateSeed(generatorEvent.Site, draw));
                            }
                        }
                        else if (kind == Situation.Unseeded && !Situation.SeededSinceEntry(bit))
                        {
                            _seeds = true; // the body's first seed on this path, with nothing of its own pending
                        }

                        // "Seeded since entry" counts seeds that end an unseeded stretch: a seed of a
                        // seeded generator changes nothing a caller's pending draw depends on.
                        after |= Situation.Bit(Situation.Seeded, seededSinceEntry: kind != Situation.Seeded || Situation.SeededSinceEntry(bit));
                    }

                    return new FlowState(after, null);
                case EventKind.Reseed:
                    for (var bit = 0; bit < 6; bit++)
                    {
                        if ((situations & (1 << bit)) != 0)
                        {
                            var kind = Situation.KindOf(bit) == Situation.Seeded ? Situation.Unseeded : Situation.KindOf(bit);
                            after |= Situation.Bit(kind, Situation.SeededSinceEntry(bit));
                        }
                    }

                    return new FlowState(after, state.PendingDraw, state.Watched);
                default:
                    if (!state.MayBeUnseeded)
                    {
                        return state;
                    }

                    _draws = true;
                    if (Recording)
                    {
                        _facts!.UnseededDraws.Add(new UnseededDraw(generatorEvent.Site, state.MayBeSeeded));
                        _facts.FirstUnseededDraw = Site.Earliest(_facts.FirstUnseededDraw, generatorEvent.Site);
                    }

                    for (var bit = 0; bit < 6; bit++)
                    {
                        if ((situations & (1 << bit)) != 0)
                        {
                            var kind = Situation.KindOf(bit) == Situation.Unseeded ? Situation.Pending : Situation.KindOf(bit);
                            after |= Situation.Bit(kind, Situation.SeededSinceEntry(bit));
                        }
                    }

                    return new FlowState(after, state.PendingDraw ?? generatorEvent.Site, Watch(state.Watched, generatorEvent.Site));
            }
        }

        /// <summary>Each target in turn; a target with several candidates (virtual dispatch) runs any one of them.</summary>
        private FlowState Call(CallNode call, FlowState state)
        {
            var lists = _solver.CandidatesOf(call);
            if (_solver.IsOutside(call, lists))
            {
                return FlowState.Unreached; // code this solver does not hold: the path ends here
            }

            foreach (var candidates in lists)
            {
                if (!state.IsReached)
                {
                    break;
                }

                if (candidates.Count == 0)
                {
                    continue;
                }

                if (candidates.Count == 1)
                {
                    state = RunBody(_solver.CallableOf(candidates[0]), call.Site, state);
                    continue;
                }

                var merged = FlowState.Unreached;
                foreach (var candidate in candidates)
                {
                    merged = merged.Merge(RunBody(_solver.CallableOf(candidate), call.Site, state));
                }

                state = merged;
            }

            return state;
        }

        /// <summary>
        /// Another body runs here: what it does, seen from this body at <paramref name="site"/>,
        /// path situation by path situation (the callee is entered seeded or unseeded as the path is).
        /// </summary>
        private FlowState RunBody(Callable callee, Site site, FlowState state, bool isNested = false)
        {
            var situations = state.Situations;
            var whenUnseeded = state.MayBeUnseeded ? EffectOf(callee, Entry.Unseeded) : Effect.None;
            var whenSeeded = state.MayBeSeeded ? EffectOf(callee, Entry.Seeded) : Effect.None;
            if (isNested && (whenUnseeded.HasLateSeed || whenSeeded.HasLateSeed))
            {
                _late = true; // a late seed in a lambda or local function of this body
            }
            if (Recording && (_runsSeen ??= new HashSet<(Callable, Entry)>()).Add((callee, state.AsEntry)))
            {
                _facts!.Runs.Add((callee, state.AsEntry));
            }

            var after = 0;
            var thrown = 0;
            Site? survivingDraw = null;
            var calleeDraw = false;
            var watchedSurvives = false;
            for (var bit = 0; bit < 6; bit++)
            {
                if ((situations & (1 << bit)) == 0)
                {
                    continue;
                }

                var kind = Situation.KindOf(bit);
                var seededBefore = Situation.SeededSinceEntry(bit);
                var effect = kind == Situation.Seeded ? whenSeeded : whenUnseeded;
                if (effect.DrawsWhileUnseeded)
                {
                    _draws = true;
                    if (Recording)
                    {
                        _facts!.FirstUnseededDraw = Site.Earliest(_facts.FirstUnseededDraw, site);
                        RecordCall(site, callee, kind == Situation.Seeded ? Entry.Seeded : Entry.Unseeded, state.MayBeSeeded);
                    }
                }

                if (state.Watched is not null && kind == Situation.Pending
                    && (effect.SeedsBeforeDrawing || effect.HasLateSeed || (effect.Exits & Situation.AllSeededSinceEntry) != 0))
                {
                    // The callee seeds on some path while the watched draws are pending.
                    SeededWhilePending = WatchSet.Union(SeededWhilePending, state.Watched);
                }

                if (effect.SeedsBeforeDrawing)
                {
                    if (kind == Situation.Pending)
                    {
                        _late = true;
                        if (Recording && state.PendingDraw is { } draw)
                        {
                            _facts!.LateSeeds.Add(new LateSeed(site, draw));
                        }
                    }
                    else if (!seededBefore)
                    {
                        _seeds = true; // this path's first seed that ends an unseeded stretch is the callee's
                    }
                }

                after |= Resume(effect.Exits, kind, seededBefore, ref survivingDraw, ref calleeDraw, ref watchedSurvives, state);
                thrown |= Resume(effect.Throws, kind, seededBefore, ref survivingDraw, ref calleeDraw, ref watchedSurvives, state);
            }

            // One pending draw (and one watched set) serves the returning and the throwing paths
            // alike. A callee's paths, and whether each returns or throws and seeds or not, are the
            // same whatever state it is entered in: only whether a draw is pending differs. So a
            // path that leaves the callee's own draw pending (entered without a pending draw)
            // leaves the caller's draw pending when entered with one; where both kinds of entry
            // are in the state, every exit with a pending draw has the caller's draw surviving on
            // that same path, and the caller's draw is the one to show, for returns and throws.
            var pending = survivingDraw ?? (calleeDraw ? site : null);
            var watched = Watch(watchedSurvives ? state.Watched : null, site);
            if (thrown != 0)
            {
                // The callee's exception comes out here: into this body's catches, through its finallies, or on out.
                Throw(new FlowState(thrown, pending, watched));
            }

            return new FlowState(after, pending, watched);
        }

        /// <summary>
        /// The situations this body is in after a callee, entered in a path situation of the kind
        /// <paramref name="kind"/>, leaves in the situations <paramref name="exits"/> (returning or
        /// throwing), and where the pending draw of each comes from.
        /// </summary>
        private static int Resume(int exits, int kind, bool seededBefore, ref Site? survivingDraw, ref bool calleeDraw, ref bool watchedSurvives, FlowState state)
        {
            var after = 0;
            for (var exitBit = 0; exitBit < 6; exitBit++)
            {
                if ((exits & (1 << exitBit)) == 0)
                {
                    continue;
                }

                var exitKind = Situation.KindOf(exitBit);
                var calleeSeeded = Situation.SeededSinceEntry(exitBit);
                if (kind == Situation.Pending && !calleeSeeded)
                {
                    // The callee did not seed on this path: the caller's draw is still pending.
                    exitKind = Situation.Pending;
                    survivingDraw = state.PendingDraw;
                    watchedSurvives = true;
                }
                else if (exitKind == Situation.Pending)
                {
                    calleeDraw = true; // the callee's own draw, shown at the call
                }

                after |= Situation.Bit(exitKind, seededBefore || calleeSeeded);
            }

            return after;
        }

        /// <summary>The watched draws pending after <paramref name="site"/>: those before, and the place itself if it is watched (kept only while some path is pending).</summary>
        private WatchSet? Watch(WatchSet? before, Site site)
            => _watch is not null && _watch.TryGetValue(site, out var index) ? WatchSet.Union(before, WatchSet.Of(index)) : before;

        private void RecordCall(Site site, Callable callee, Entry entry, bool seededOnOtherPaths)
        {
            if ((_callsSeen ??= new HashSet<(Site, Callable, Entry)>()).Add((site, callee, entry)))
            {
                _facts!.UnseededCalls.Add(new UnseededCall(site, callee, entry, seededOnOtherPaths));
            }
        }

        private Effect EffectOf(Callable callee, Entry entry)
            => _lookup is null
                ? _solver.EffectOf(callee, entry, _generator)
                : _solver.IsTransparent(callee.Summary, _generator) ? Effect.PassingThrough(entry) : _lookup.EffectOf(callee, entry, _generator.Index);

        /// <summary>Repeats the body until the state at the loop's head settles, then runs it once more to record.</summary>
        private FlowState Loop(LoopNode loop, FlowState entry)
        {
            var head = entry;
            _settling++;
            for (var round = 0; round < 50; round++)
            {
                var (end, jumps) = Round(loop.Body, head, isLoop: true);
                var next = head.Merge(end).Merge(jumps.Continue);
                if (next.Equals(head))
                {
                    break;
                }

                head = next;
            }

            _settling--;
            var (last, lastJumps) = Round(loop.Body, head, isLoop: true);

            // A loop with a condition ends when it is false: at the head, or after a do-while's round.
            var finished = loop.Endless ? FlowState.Unreached : loop.AtLeastOnce ? last.Merge(lastJumps.Continue) : head;
            return finished.Merge(lastJumps.Break);
        }

        private (FlowState End, Jumps Jumps) Round(FlowNode body, FlowState entry, bool isLoop)
        {
            var jumps = new Jumps(isLoop);
            _scopes.Add(jumps);
            var end = Run(body, entry);
            _scopes.RemoveAt(_scopes.Count - 1);
            return (end, jumps);
        }

        /// <summary>
        /// The try's body, each handler from any state its body was observed in, then the finally:
        /// after the body's and the handlers' ends, and on every other way out of them (a return,
        /// a throw no handler of this try takes, a break or continue to a loop outside it), each
        /// carried on its way once the finally has run.
        /// </summary>
        private FlowState Try(TryNode tryNode, FlowState entry)
        {
            var frame = new TryFrame(_scopes.Count, catches: !tryNode.Handlers.IsEmpty, hasFinally: tryNode.Finally is not null, entry);
            _tryFrames.Add(frame);
            var end = Run(tryNode.Body, entry);

            // A throw in a handler is not the handlers' own to take: it leaves the try.
            frame.Catches = false;
            var afterHandlers = end;
            foreach (var handler in tryNode.Handlers)
            {
                afterHandlers = afterHandlers.Merge(Run(handler, frame.Caught));
            }

            _tryFrames.Remove(frame);
            if (tryNode.Finally is null)
            {
                return afterHandlers;
            }

            foreach (var kind in LeavingKinds)
            {
                if (frame.Leaving(kind) is { IsReached: true } leaving)
                {
                    Jump(kind, Run(tryNode.Finally, leaving));
                }
            }

            return Run(tryNode.Finally, afterHandlers);
        }

        /// <summary>
        /// A throw, here or out of a body called here: to the innermost try whose handlers take it
        /// (they start from its state), or through the innermost finally on its way out (which
        /// throws it on when it has run), or out of this body to its caller.
        /// </summary>
        private void Throw(FlowState state)
        {
            for (var i = _tryFrames.Count - 1; i >= 0; i--)
            {
                var frame = _tryFrames[i];
                if (frame.Catches)
                {
                    frame.Caught = frame.Caught.Merge(state);
                    return;
                }

                if (frame.HasFinally)
                {
                    frame.Leave(JumpKind.Throw, state);
                    return;
                }
            }

            _thrown = _thrown.Merge(state);
        }

        private static readonly JumpKind[] LeavingKinds = { JumpKind.Return, JumpKind.Throw, JumpKind.Break, JumpKind.Continue };

        /// <summary>
        /// Hands a jump to the scope at <paramref name="scope"/> (an index in <see cref="_scopes"/>;
        /// -1 for the body's end) to the innermost try with a finally that it leaves, if any
        /// (false when it leaves none).
        /// </summary>
        private bool ThroughFinally(JumpKind kind, int scope, FlowState state)
        {
            for (var i = _tryFrames.Count - 1; i >= 0; i--)
            {
                var frame = _tryFrames[i];
                if (frame.Scopes <= scope)
                {
                    return false; // the jump lands inside this try
                }

                if (frame.HasFinally)
                {
                    frame.Leave(kind, state);
                    return true;
                }
            }

            return false;
        }

        /// <summary>The body again from its entry until the states its gotos carry to the labels settle; then once more to record.</summary>
        private FlowState GotoScope(GotoScopeNode scope, FlowState entry)
        {
            _settling++;
            for (var round = 0; round < 50; round++)
            {
                var before = _gotos;
                Run(scope.Body, entry);
                if (_gotos.Equals(before))
                {
                    break;
                }
            }

            _settling--;
            return Run(scope.Body, entry);
        }

        /// <summary>
        /// Carries a jump to where it lands; one that leaves a try with a finally goes to that
        /// finally first (<see cref="Try"/> carries it on from there).
        /// </summary>
        private void Jump(JumpKind kind, FlowState state)
        {
            switch (kind)
            {
                case JumpKind.Return:
                    if (!ThroughFinally(kind, -1, state))
                    {
                        _returned = _returned.Merge(state);
                    }

                    break;
                case JumpKind.Break:
                    var breakTarget = _scopes.Count - 1;
                    if (breakTarget >= 0 && !ThroughFinally(kind, breakTarget, state))
                    {
                        _scopes[breakTarget].Break = _scopes[breakTarget].Break.Merge(state);
                    }

                    break;
                case JumpKind.Continue:
                    var loop = _scopes.FindLastIndex(scope => scope.IsLoop);
                    if (loop >= 0 && !ThroughFinally(kind, loop, state))
                    {
                        _scopes[loop].Continue = _scopes[loop].Continue.Merge(state);
                    }

                    break;
                case JumpKind.GoTo:
                    _gotos = _gotos.Merge(state);
                    break;
                default:
                    Throw(state);
                    break;
            }
        }

        /// <summary>Every state reached inside a try may be where an exception leaves it for a handler.</summary>
        private FlowState Observe(FlowState state)
        {
            foreach (var frame in _tryFrames)
            {
                if (frame.Catches)
                {
                    frame.Caught = frame.Caught.Merge(state);
                }
            }

            return state;
        }

        /// <summary>Where the breaks (and, in a loop, the continues) of one loop or switch land.</summary>
        private sealed class Jumps
        {
            public Jumps(bool isLoop)
            {
                IsLoop = isLoop;
            }

            public bool IsLoop { get; }

            public FlowState Break { get; set; }

            public FlowState Continue { get; set; }
        }

        /// <summary>A try being run: which jumps leave it, and the states they leave it in, by kind.</summary>
        private sealed class TryFrame
        {
            private readonly FlowState[] _leaving = new FlowState[4];

            public TryFrame(int scopes, bool catches, bool hasFinally, FlowState entry)
            {
                Scopes = scopes;
                Catches = catches;
                HasFinally = hasFinally;
                Caught = entry;
            }

            /// <summary>The states its handlers start from: every state its body was observed in, and every throw they take.</summary>
            public FlowState Caught { get; set; }

            /// <summary>How many break and continue scopes enclose the try: a jump to one of them leaves it.</summary>
            public int Scopes { get; }

            /// <summary>True while its body runs, if it has handlers: they take a throw from there.</summary>
            public bool Catches { get; set; }

            public bool HasFinally { get; }

            public void Leave(JumpKind kind, FlowState state) => _leaving[(int)kind] = _leaving[(int)kind].Merge(state);

            public FlowState Leaving(JumpKind kind) => _leaving[(int)kind];
        }
    }
}
