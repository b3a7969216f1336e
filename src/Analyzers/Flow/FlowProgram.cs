using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// The summaries of one compilation's bodies, and the solver that answers order questions
    /// over them. Each tree is summarised once, from the semantic model the analyzer driver hands
    /// to whichever rule asks first; the result is kept per syntax tree across compilations, so
    /// the next compilation of an editor, where every unchanged tree is the same object, only
    /// summarises the trees that changed. A tree's summaries are reused only while the program's
    /// <see cref="DeclarationShape"/> is the one they were built under: a change that could alter
    /// what the tree's calls bind to makes them be built again.
    /// <para>
    /// Whole-program answers need every tree. <see cref="IsComplete"/> says whether they are all
    /// summarised; until then a rule defers its answer for a tree to the end of the compilation
    /// (where a build, or full analysis, has them all) instead of answering from a part.
    /// </para>
    /// </summary>
    internal sealed class FlowProgram
    {
        private static readonly ConditionalWeakTable<Compilation, FlowProgram> Programs = new ConditionalWeakTable<Compilation, FlowProgram>();
        private static readonly ConditionalWeakTable<SyntaxTree, KeptSummaries> Kept = new ConditionalWeakTable<SyntaxTree, KeptSummaries>();
        private static readonly ConditionalWeakTable<CompilationOptions, LatestSolver> Latest = new ConditionalWeakTable<CompilationOptions, LatestSolver>();

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<SyntaxTree, TreeSummaries> _trees = new ConcurrentDictionary<SyntaxTree, TreeSummaries>();
        private readonly ConcurrentDictionary<SyntaxNode, BodySummary> _fromBlocks = new ConcurrentDictionary<SyntaxNode, BodySummary>();
        private readonly ProgramStamp _stamp;
        private readonly object _solverGate = new object();
        private readonly PendingTrees _pending;
        private readonly Func<SyntaxTree, bool> _isSummarised;
        private Solver? _solver;
        private readonly Lazy<ProgramVersion> _version;

        private FlowProgram(Compilation compilation)
        {
            _compilation = compilation;
            Knowledge = RandomnessKnowledge.For(compilation);
            Keys = new SymbolKeys(Knowledge);
            Cuda = CudaSignals.TryCreate(compilation);
            _stamp = ProgramStamp.Of(compilation);
            _version = new Lazy<ProgramVersion>(() => new ProgramVersion(_stamp, OrderedTrees()), LazyThreadSafetyMode.ExecutionAndPublication);
            _pending = new PendingTrees(compilation);
            _isSummarised = tree => TryGet(tree, out _);
        }

        public RandomnessKnowledge Knowledge { get; }

        public CudaSignals? Cuda { get; }

        public SymbolKeys Keys { get; }

        public Compilation Compilation => _compilation;

        public static FlowProgram For(Compilation compilation) => Programs.GetValue(compilation, c => new FlowProgram(c));

        private int _bodiesBuilt;

        /// <summary>
        /// How many bodies this compilation built, from the driver's operation blocks and when
        /// completing trees: each body once, so with nothing kept from an earlier compilation
        /// this is the number of bodies in the program. For tests and the benchmark.
        /// </summary>
        public int BodiesBuilt => Volatile.Read(ref _bodiesBuilt);

        private int _bodiesFromBlocks;

        /// <summary>How many of <see cref="BodiesBuilt"/> were built from the driver's operation blocks: for tests.</summary>
        public int BodiesFromBlocks => Volatile.Read(ref _bodiesFromBlocks);

        /// <summary>How many times this tree object was summarised, in any compilation: for tests and the benchmark.</summary>
        public static int TimesSummarised(SyntaxTree tree)
            => Kept.TryGetValue(tree, out var kept) ? kept.Builds : 0;

        /// <summary>
        /// How many solved effects of <paramref name="generator"/> the latest solver of a project (by
        /// its options object) carried over from the compilation before; -1 when none was built:
        /// for tests and the benchmark.
        /// </summary>
        public static int EffectsCarriedOver(CompilationOptions options, Generator generator)
            => Latest.TryGetValue(options, out var latest) && latest.Memo is { } memo ? memo.Solver.CarriedCount(generator) : -1;

        /// <summary>
        /// The work of the latest solver of a project (by its options object): how many times its
        /// worklists ran a body, and how many flow nodes its runs entered; null when none was
        /// built. Counted, so it is the same on every run of the same program: for the benchmark.
        /// </summary>
        public static (int BodyRuns, long Steps)? SolverWork(CompilationOptions options)
            => Latest.TryGetValue(options, out var latest) && latest.Memo is { } memo ? (memo.Solver.BodyRuns, memo.Solver.Steps) : null;

        /// <summary>
        /// The work of the solvers over single trees that a project's compilations asked before
        /// their programs were summarised in full (<see cref="CountPartWork"/>), added up over every
        /// compilation with these options: for the benchmark.
        /// </summary>
        public static (int BodyRuns, long Steps) PartWork(CompilationOptions options)
            => Latest.TryGetValue(options, out var latest) ? latest.PartWork : (0, 0);

        /// <summary>Adds the work of a solver over part of this program to <see cref="PartWork"/>.</summary>
        public void CountPartWork(Solver solver) => Latest.GetOrCreateValue(_compilation.Options).AddPartWork(solver.BodyRuns, solver.Steps);

        /// <summary>
        /// Asks <paramref name="ask"/> of a solver over one tree's bodies alone, where a call that
        /// may run code elsewhere (a target the tree does not hold, any virtual call) ends the path
        /// (<see cref="OutsideCalls.Stops"/>): what a rule may report for a tree before the rest of
        /// the program is summarised. The solver's work counts in <see cref="PartWork"/>. When the
        /// summaries are nested deeper than the stack allows, <paramref name="ask"/> stops there,
        /// and whatever it did not settle by then waits for the whole program.
        /// </summary>
        public void SolveAlone(TreeSummaries tree, Action<Solver> ask)
        {
            var solver = new Solver(tree.Bodies, OutsideCalls.Stops);
            try
            {
                ask(solver);
            }
            catch (InsufficientExecutionStackException)
            {
                // The rest waits for the whole program.
            }
            finally
            {
                CountPartWork(solver);
            }
        }

        /// <summary>True when every tree with code has its summaries: whole-program answers are exact.</summary>
        public bool IsComplete => _pending.AllRead(_isSummarised);

        /// <summary>
        /// One body from the operation block the driver hands to an analyzer: built once, kept
        /// until its tree is completed by <see cref="Summarize"/>. Nothing to do for a tree whose
        /// summaries are already known (this compilation, or kept from an earlier one).
        /// </summary>
        public void SummarizeBlock(ISymbol owner, ImmutableArray<IOperation> blocks, CancellationToken cancellationToken)
        {
            foreach (var block in blocks)
            {
                var root = Summarizer.BodyRoot(block);
                if (_fromBlocks.ContainsKey(root.Syntax) || TryGet(root.Syntax.SyntaxTree, out _))
                {
                    continue;
                }

                if (Summarizer.SummarizeBlock(Cuda, Keys, owner, root, cancellationToken) is { } summary)
                {
                    Interlocked.Increment(ref _bodiesBuilt);
                    Interlocked.Increment(ref _bodiesFromBlocks);
                    _fromBlocks.TryAdd(root.Syntax, summary);
                }
            }
        }

        /// <summary>The summaries of the model's tree: kept from an earlier compilation if still valid, else built now.</summary>
        public ImmutableArray<BodySummary> Summarize(SemanticModel model, bool isGenerated, CancellationToken cancellationToken)
        {
            var tree = model.SyntaxTree;
            if (TryGet(tree, out var known))
            {
                return known.Bodies;
            }

            var bodies = Summarizer.SummarizeTree(Cuda, Keys, model, node => _fromBlocks.TryGetValue(node, out var known) ? known : null, out var built, cancellationToken);
            Interlocked.Add(ref _bodiesBuilt, built);
            var summaries = new TreeSummaries(_stamp, bodies, isGenerated);
            if (_trees.TryAdd(tree, summaries))
            {
                var kept = Kept.GetOrCreateValue(tree);
                kept.Latest = summaries;
                kept.CountBuild();
            }

            return _trees[tree].Bodies;
        }

        /// <summary>The summaries of a tree already summarised (in this compilation or, still valid, in an earlier one).</summary>
        public bool TryGet(SyntaxTree tree, out TreeSummaries summaries)
        {
            if (_trees.TryGetValue(tree, out summaries!))
            {
                return true;
            }

            if (Kept.TryGetValue(tree, out var holder) && holder.Latest is { } kept && kept.Stamp.SameShape(_stamp))
            {
                summaries = _trees.GetOrAdd(tree, kept);
                return true;
            }

            summaries = null!;
            return false;
        }

        /// <summary>Every tree's summaries, in the compilation's order (only meaningful when <see cref="IsComplete"/>).</summary>
        public IEnumerable<TreeSummaries> AllTrees()
        {
            foreach (var tree in _compilation.SyntaxTrees)
            {
                if (TryGet(tree, out var summaries))
                {
                    yield return summaries;
                }
            }
        }

        /// <summary>
        /// The solver over every summary of the program. Only for a complete program; callers
        /// take <see cref="SolverGate"/> while they use it (it fills its tables as it is asked).
        /// </summary>
        public Solver Solver => _solver ??= SolverFor(OrderedTrees(), _version.Value);

        /// <summary>Every tree's summaries, in the compilation's order (only meaningful when <see cref="IsComplete"/>).</summary>
        private List<TreeSummaries> OrderedTrees()
        {
            var trees = new List<TreeSummaries>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                if (TryGet(tree, out var summaries))
                {
                    trees.Add(summaries);
                }
            }

            return trees;
        }

        /// <summary>
        /// A new solver, derived from the one of this project's previous compilation when the
        /// declarations are the same (the editor's next keystroke): only the trees that changed
        /// are indexed again, and when they mean the same to the solver (<see cref="FlowDigest"/>)
        /// the effects already solved are kept, so an edit costs its file, not the program.
        /// Kept per <see cref="CompilationOptions"/> object, which an IDE's project keeps from one
        /// compilation to the next; the memo holds summaries and the solver, never a compilation.
        /// </summary>
        private Solver SolverFor(List<TreeSummaries> trees, ProgramVersion version)
        {
            var set = new HashSet<TreeSummaries>(trees);
            var latest = Latest.GetOrCreateValue(_compilation.Options);
            var previous = latest.Memo;
            Solver? solver = null;
            if (previous is not null && SharesATree(previous.Trees, trees) && previous.Version.Stamp.SameShape(_stamp) && Monitor.TryEnter(previous.Gate))
            {
                try
                {
                    var removed = new List<BodySummary>();
                    foreach (var tree in previous.Trees)
                    {
                        if (!set.Contains(tree))
                        {
                            removed.AddRange(tree.Bodies);
                        }
                    }

                    var added = new List<BodySummary>();
                    foreach (var tree in trees)
                    {
                        if (!previous.Trees.Contains(tree))
                        {
                            added.AddRange(tree.Bodies);
                        }
                    }

                    solver = new Solver(previous.Solver, removed, added, events => previous.Version.SameEvents(version, events));
                }
                finally
                {
                    Monitor.Exit(previous.Gate);
                }
            }

            if (solver is null)
            {
                var all = new List<BodySummary>();
                foreach (var tree in trees)
                {
                    all.AddRange(tree.Bodies);
                }

                solver = new Solver(all);
            }

            latest.Memo = new SolverMemo(version, set, solver, _solverGate);
            return solver;
        }

        /// <summary>False when no tree's summaries are shared: nothing to derive from (and no shape to compare).</summary>
        private static bool SharesATree(HashSet<TreeSummaries> previous, List<TreeSummaries> trees)
        {
            foreach (var tree in trees)
            {
                if (previous.Contains(tree))
                {
                    return true;
                }
            }

            return false;
        }

        public object SolverGate => _solverGate;

        /// <summary>
        /// A whole-program answer, carried over from the project's previous compilation when that
        /// one had the same declaration shape and the same flow digest for each of the kinds of
        /// events the answer depends on (<paramref name="events"/>, each a projection of
        /// <see cref="FlowDigest"/>: the edit changed no such event and no call, so the answer is
        /// the same) and every tree its sites are in is still part of this compilation (so the
        /// sites are the same objects, at the same positions); otherwise computed. Only for a
        /// complete program.
        /// </summary>
        public T Carried<T>(string name, IReadOnlyList<int> events, Func<T> compute, Func<T, IEnumerable<SyntaxTree>> treesOf)
            where T : class?
        {
            var version = _version.Value;
            var answers = Latest.GetOrCreateValue(_compilation.Options).Answers;
            if (answers.TryGetValue(name, out var known) && known.Version.Means(version, events)
                && (known.Value is null || (known.Value is T value && AllInThisCompilation(treesOf(value)))))
            {
                return (T)known.Value!; // null: nothing to report then, nothing now
            }

            var computed = compute();
            answers[name] = (version, computed);
            return computed;
        }

        private bool AllInThisCompilation(IEnumerable<SyntaxTree> trees)
        {
            foreach (var tree in trees)
            {
                if (!_compilation.ContainsSyntaxTree(tree))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The key of the program's entry point body, or null for a library.</summary>
        public string? EntryPointKey(CancellationToken cancellationToken)
        {
            var entryPoint = _compilation.GetEntryPoint(cancellationToken);
            return entryPoint is null ? null : Keys.Of(entryPoint);
        }
    }

    /// <summary>The solver and whole-program answers of a project's latest compilation, for the next one to start from.</summary>
    internal sealed class LatestSolver
    {
        private SolverMemo? _memo;
        private int _partRuns;
        private long _partSteps;

        /// <summary>See <see cref="FlowProgram.PartWork"/>.</summary>
        public (int BodyRuns, long Steps) PartWork => (Volatile.Read(ref _partRuns), Interlocked.Read(ref _partSteps));

        public void AddPartWork(int runs, long steps)
        {
            Interlocked.Add(ref _partRuns, runs);
            Interlocked.Add(ref _partSteps, steps);
        }

        /// <summary>Whole-program answers by name, each with the program digest it was computed under.</summary>
        public ConcurrentDictionary<string, (ProgramVersion Version, object? Value)> Answers { get; } = new ConcurrentDictionary<string, (ProgramVersion Version, object? Value)>();

        public SolverMemo? Memo
        {
            get => Volatile.Read(ref _memo);
            set => Volatile.Write(ref _memo, value);
        }
    }

    /// <summary>A solver and what it was built over: the program's version (declarations and flow) and the trees' summaries.</summary>
    internal sealed class SolverMemo
    {
        public SolverMemo(ProgramVersion version, HashSet<TreeSummaries> trees, Solver solver, object gate)
        {
            Version = version;
            Trees = trees;
            Solver = solver;
            Gate = gate;
        }

        public ProgramVersion Version { get; }

        public HashSet<TreeSummaries> Trees { get; }

        public Solver Solver { get; }

        /// <summary>The gate of the program that owns <see cref="Solver"/>: held while its tables are read.</summary>
        public object Gate { get; }
    }

    /// <summary>
    /// What a complete program means, for comparing it with the next compilation's: its declaration
    /// shape (<see cref="ProgramStamp"/>) and its flow digests, every tree's
    /// <see cref="TreeSummaries.Digest"/> in order, in each projection. Both are computed when
    /// first compared, so a build, never compared, pays for neither. It holds the trees'
    /// summaries only until the digests are computed (all projections at once), so a version
    /// kept with a carried answer keeps no summaries.
    /// </summary>
    internal sealed class ProgramVersion
    {
        private readonly object _gate = new object();
        private List<TreeSummaries>? _trees;
        private ulong[]? _digests;
        private bool _known;

        public ProgramVersion(ProgramStamp stamp, List<TreeSummaries> trees)
        {
            Stamp = stamp;
            _trees = trees;
        }

        public ProgramStamp Stamp { get; }

        /// <summary>Every tree's digest in order, in each of <see cref="FlowDigest.Projections"/>; computed at once, when first asked.</summary>
        private ulong[] Digests
        {
            get
            {
                if (!Volatile.Read(ref _known))
                {
                    lock (_gate)
                    {
                        if (!_known)
                        {
                            var digests = FlowDigest.StartAll();
                            foreach (var tree in _trees!)
                            {
                                for (var i = 0; i < digests.Length; i++)
                                {
                                    digests[i] = FlowDigest.Mix(digests[i], tree.Digest(i));
                                }
                            }

                            _digests = digests;
                            _trees = null;
                            Volatile.Write(ref _known, true);
                        }
                    }
                }

                return _digests!;
            }
        }

        /// <summary>
        /// True when both programs have the same flow digest for <paramref name="events"/> (<see cref="BodyOutline"/>
        /// bits that must be one of <see cref="FlowDigest.Projections"/>; false for any other):
        /// what the solver finds about those events here holds there. The declarations are the caller's to compare.
        /// </summary>
        public bool SameEvents(ProgramVersion other, int events)
        {
            var projection = FlowDigest.ProjectionOf(events);
            return projection >= 0 && (ReferenceEquals(this, other) || Digests[projection] == other.Digests[projection]);
        }

        /// <summary>True when <paramref name="other"/> has the same declarations and means the same for each of <paramref name="events"/>: answers about them hold here.</summary>
        public bool Means(ProgramVersion other, IReadOnlyList<int> events)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (!Stamp.SameShape(other.Stamp))
            {
                return false;
            }

            foreach (var kinds in events)
            {
                if (!SameEvents(other, kinds))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The latest summaries built for a tree, whichever compilation built them.</summary>
    internal sealed class KeptSummaries
    {
        private TreeSummaries? _latest;

        private int _builds;

        /// <summary>How many times the tree was summarised.</summary>
        public int Builds => Volatile.Read(ref _builds);

        public void CountBuild() => Interlocked.Increment(ref _builds);

        public TreeSummaries? Latest
        {
            get => Volatile.Read(ref _latest);
            set => Volatile.Write(ref _latest, value);
        }
    }

    /// <summary>The bodies of one tree, and the declaration shape they were built under.</summary>
    internal sealed class TreeSummaries
    {
        public TreeSummaries(ProgramStamp stamp, ImmutableArray<BodySummary> bodies, bool isGenerated)
        {
            Stamp = stamp;
            Bodies = bodies;
            IsGenerated = isGenerated;
        }

        /// <summary>The compilation the summaries were built in: they hold while the program has its shape.</summary>
        public ProgramStamp Stamp { get; }

        /// <summary>Generated code: its bodies run and count, but nothing is reported in it.</summary>
        public bool IsGenerated { get; }

        public ImmutableArray<BodySummary> Bodies { get; }

        private ulong[]? _digests;
        private ImmutableArray<GeneratorEvent> _events;

        /// <summary>The bodies' <see cref="BodySummary.Digest"/>s in order, in one of <see cref="FlowDigest.Projections"/>: what the tree means to the solver.</summary>
        public ulong Digest(int projection)
        {
            var digests = Volatile.Read(ref _digests);
            if (digests is null)
            {
                digests = FlowDigest.StartAll();
                for (var i = 0; i < digests.Length; i++)
                {
                    digests[i] = FlowDigest.Mix(digests[i], (ulong)Bodies.Length);
                    foreach (var body in Bodies)
                    {
                        digests[i] = FlowDigest.Mix(digests[i], body.Digest(i));
                    }
                }

                Volatile.Write(ref _digests, digests);
            }

            return digests[projection];
        }

        /// <summary>Every seed, reseed and draw written in the tree's bodies; found once per tree.</summary>
        public ImmutableArray<GeneratorEvent> Events
        {
            get
            {
                var events = _events;
                if (events.IsDefault)
                {
                    var builder = ImmutableArray.CreateBuilder<GeneratorEvent>();
                    foreach (var body in Bodies)
                    {
                        if (body.MentionsAny)
                        {
                            builder.AddRange(body.Events());
                        }
                    }

                    events = builder.ToImmutable();
                    ImmutableInterlocked.InterlockedInitialize(ref _events, events);
                }

                return _events;
            }
        }
    }
}
