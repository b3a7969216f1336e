using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Flow
{
    /// <summary>What a library member does with a tracked value it is given (as receiver or argument).</summary>
    internal enum LibraryUseKind
    {
        /// <summary>Nothing that matters; if the member's result is of a carrying type, it is followed on.</summary>
        Harmless,

        /// <summary>The member uses what the value carries (a draw from its generator).</summary>
        Uses,

        /// <summary>The member is code nothing is known about.</summary>
        Unknown,
    }

    /// <summary>The question a rule asks <see cref="ValueReach"/>: which values, carried by which types, used how.</summary>
    internal interface IReachQuestion
    {
        /// <summary>True when a value of this type carries the tracked value (the value itself, or an object that holds it).</summary>
        bool Carries(ITypeSymbol? type);

        /// <summary>True for a creation whose value is tracked.</summary>
        bool IsTracked(IObjectCreationOperation creation);

        /// <summary>What a library member does with the value; <paramref name="text"/> names the use for a message.</summary>
        LibraryUseKind Classify(IOperation use, ISymbol member, out string text);
    }

    /// <summary>How a tracked value reaches a <see cref="ReachedUse"/>.</summary>
    internal enum ReachKind
    {
        /// <summary>A library member the question says uses it; the subject is the question's name for the use.</summary>
        Used,

        /// <summary>A library member the question cannot classify; the subject is the question's name for it.</summary>
        UnknownLibraryMember,

        /// <summary>A conversion to a type that no longer carries it; the subject is the type's name.</summary>
        ConvertedTo,

        /// <summary>A lambda returns it.</summary>
        ReturnedByLambda,

        /// <summary>Any other operation it cannot be followed through; the subject is the code, quoted.</summary>
        Reaches,

        /// <summary>A parameter of an abstract or interface member; the subject is the member's name.</summary>
        PassedToOverridable,

        /// <summary>A field, property or method result code outside the project can reach; the subject is its name.</summary>
        KeptInReachableMember,
    }

    /// <summary>Why a tracked value counts as used: a use, or a place where it cannot be followed. Facts only: the rule words them.</summary>
    internal sealed class ReachedUse
    {
        public ReachedUse(ReachKind kind, string subject, SyntaxNode syntax)
        {
            Kind = kind;
            Subject = subject;
            Site = new Site(syntax);
        }

        public ReachKind Kind { get; }

        /// <summary>True for a use the question recognised; false for a place the value escapes to.</summary>
        public bool IsUse => Kind == ReachKind.Used;

        /// <summary>What the kind is about (see <see cref="ReachKind"/>); empty when nothing is named.</summary>
        public string Subject { get; }

        public Site Site { get; }

        /// <summary>A use before an escape; then the earliest in the source.</summary>
        public bool IsBetterThan(ReachedUse? other)
            => other is null || (IsUse && !other.IsUse) || (IsUse == other.IsUse && Site.Compare(Site, other.Site) < 0);

        public static ReachedUse? Better(ReachedUse? left, ReachedUse? right)
            => right is not null && right.IsBetterThan(left) ? right : left;
    }

    /// <summary>A tracked creation, named by its node in the reach graph.</summary>
    internal sealed class TrackedCreation
    {
        public TrackedCreation(string node, SyntaxNode syntax)
        {
            Node = node;
            Syntax = syntax;
        }

        public string Node { get; }

        public SyntaxNode Syntax { get; }
    }

    /// <summary>
    /// Where tracked values (an unseeded <c>MLContext</c>, say) can go in the whole program:
    /// forward through locals, fields, properties, parameters, returns, overrides and
    /// interface implementations of the project's own code, to the library members that use
    /// them, or to places they cannot be followed from. The answer for a creation is the best
    /// <see cref="ReachedUse"/> reachable from it, or none: the value is only ever used harmlessly.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each tree is read once (<see cref="Facts"/>): every read of a carrying symbol of the
    /// project, every call of the project's own member that returns a carrying value and every
    /// tracked creation is asked where its value goes (<see cref="ValueSinks"/>), giving edges
    /// between nodes (members by <see cref="SymbolKeys"/>, parameters by their member and
    /// position, locals and local functions by their place in the tree) and the uses met on the
    /// way. Each type declared in the tree adds edges from the members it overrides or
    /// implements to its own. The facts are kept per tree object across compilations while the
    /// program's <see cref="DeclarationShape"/> holds, as the flow engine keeps its summaries; an
    /// edit re-reads the edited tree only.
    /// </para>
    /// <para>
    /// A node also escapes when other code can reach it behind the analyzer's back: a
    /// parameter of an abstract or interface member that nothing in the project implements, and,
    /// in a library, a field, property or method result that other assemblies can see, or an
    /// abstract member they may implement.
    /// </para>
    /// <para>
    /// Answers need every tree (<see cref="IsComplete"/>). The graph is joined once per
    /// compilation, when first asked; a walk visits each node once, so cycles end. Programs and
    /// kept facts are per kind of question (<see cref="For"/>).
    /// </para>
    /// </remarks>
    internal sealed class ValueReach
    {
        // One set of tables per kind of question: a tree's facts answer the question they were read for only.
        private static readonly ConcurrentDictionary<Type, QuestionTables> Tables = new ConcurrentDictionary<Type, QuestionTables>();

        private readonly ConditionalWeakTable<SyntaxTree, KeptFacts> _kept;
        private readonly Compilation _compilation;
        private readonly IReachQuestion _question;
        private readonly bool _isLibrary;
        private readonly SymbolKeys _keys;
        private readonly ProgramStamp _stamp;
        private readonly ConcurrentDictionary<SyntaxTree, TreeFacts> _trees = new ConcurrentDictionary<SyntaxTree, TreeFacts>();
        private readonly Lazy<Graph> _graph;
        private readonly PendingTrees _pending;
        private readonly Func<SyntaxTree, bool> _isRead;

        private ValueReach(Compilation compilation, IReachQuestion question, ConditionalWeakTable<SyntaxTree, KeptFacts> kept)
        {
            _kept = kept;
            _compilation = compilation;
            _question = question;
            _isLibrary = compilation.Options.OutputKind is OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule or OutputKind.WindowsRuntimeMetadata;
            _stamp = ProgramStamp.Of(compilation);
            _keys = new SymbolKeys(RandomnessKnowledge.For(compilation));
            _graph = new Lazy<Graph>(Join, LazyThreadSafetyMode.ExecutionAndPublication);
            _pending = new PendingTrees(compilation);
            _isRead = tree => TryGet(tree, out _);
        }

        /// <summary>
        /// The program for a compilation and a kind of question (the question's type): the
        /// question object given first for that compilation and kind is the one asked. Each kind
        /// has its programs and kept tree facts apart, so two rules asking different questions of
        /// one compilation never read each other's facts.
        /// </summary>
        public static ValueReach For(Compilation compilation, IReachQuestion question)
        {
            var tables = Tables.GetOrAdd(question.GetType(), _ => new QuestionTables());
            return tables.Programs.GetValue(compilation, c => new ValueReach(c, question, tables.Kept));
        }

        /// <summary>How many times this tree object was read, for any question, in any compilation: for tests and the benchmark.</summary>
        public static int TimesRead(SyntaxTree tree)
        {
            var reads = 0;
            foreach (var tables in Tables.Values)
            {
                if (tables.Kept.TryGetValue(tree, out var kept))
                {
                    reads += Volatile.Read(ref kept.Reads);
                }
            }

            return reads;
        }

        /// <summary>True when every tree with code has its facts.</summary>
        public bool IsComplete => _pending.AllRead(_isRead);

        /// <summary>The facts of the model's tree: kept from an earlier compilation if still valid, else read now.</summary>
        public TreeFacts Facts(SemanticModel model, bool isGenerated, CancellationToken cancellationToken)
        {
            var tree = model.SyntaxTree;
            if (TryGet(tree, out var known))
            {
                return known;
            }

            var facts = new FactsBuilder(this, model, cancellationToken).Build(_stamp, isGenerated);
            if (_trees.TryAdd(tree, facts))
            {
                var kept = _kept.GetOrCreateValue(tree);
                Volatile.Write(ref kept.Latest, facts);
                Interlocked.Increment(ref kept.Reads);
            }

            return _trees[tree];
        }

        /// <summary>The best use reachable from a tracked creation, or null. Only meaningful when <see cref="IsComplete"/>.</summary>
        public ReachedUse? Reach(TrackedCreation creation) => _graph.Value.Reach(creation.Node);

        private bool TryGet(SyntaxTree tree, out TreeFacts facts)
        {
            if (_trees.TryGetValue(tree, out facts!))
            {
                return true;
            }

            if (_kept.TryGetValue(tree, out var holder) && Volatile.Read(ref holder.Latest) is { } kept && kept.Stamp.SameShape(_stamp))
            {
                facts = _trees.GetOrAdd(tree, kept);
                return true;
            }

            facts = null!;
            return false;
        }

        private Graph Join()
        {
            var graph = new Graph();
            var implemented = new HashSet<string>(StringComparer.Ordinal);
            var all = new List<TreeFacts>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                if (TryGet(tree, out var facts))
                {
                    all.Add(facts);
                    implemented.UnionWith(facts.Implemented);
                }
            }

            foreach (var facts in all)
            {
                foreach (var edge in facts.Edges)
                {
                    graph.AddEdge(edge.Key, edge.Value);
                }

                foreach (var use in facts.Uses)
                {
                    graph.AddUse(use.Key, use.Value);
                }

                foreach (var open in facts.Open)
                {
                    if ((open.UnlessImplemented is { } member && !implemented.Contains(member)) || (open.InLibrary && _isLibrary))
                    {
                        graph.AddUse(open.Node, open.Use);
                    }
                }
            }

            return graph;
        }

        /// <summary>The latest facts read from a tree, whichever compilation read them, and how often it was read.</summary>
        private sealed class KeptFacts
        {
            public TreeFacts? Latest;
            public int Reads;
        }

        /// <summary>The programs of each compilation and the facts kept per tree object, for one kind of question.</summary>
        private sealed class QuestionTables
        {
            public ConditionalWeakTable<Compilation, ValueReach> Programs { get; } = new ConditionalWeakTable<Compilation, ValueReach>();

            public ConditionalWeakTable<SyntaxTree, KeptFacts> Kept { get; } = new ConditionalWeakTable<SyntaxTree, KeptFacts>();
        }

        /// <summary>A node that escapes when a member has no implementation in the project, or in a library.</summary>
        internal readonly struct OpenNode
        {
            public OpenNode(string node, string? unlessImplemented, bool inLibrary, ReachedUse use)
            {
                Node = node;
                UnlessImplemented = unlessImplemented;
                InLibrary = inLibrary;
                Use = use;
            }

            public string Node { get; }

            /// <summary>The key of an abstract member: the node escapes when nothing implements it.</summary>
            public string? UnlessImplemented { get; }

            /// <summary>The node escapes in a library (other assemblies can see it).</summary>
            public bool InLibrary { get; }

            public ReachedUse Use { get; }
        }

        /// <summary>The facts of one tree.</summary>
        internal sealed class TreeFacts
        {
            public TreeFacts(
                ProgramStamp stamp,
                bool isGenerated,
                ImmutableArray<TrackedCreation> creations,
                ImmutableArray<KeyValuePair<string, string>> edges,
                ImmutableArray<KeyValuePair<string, ReachedUse>> uses,
                ImmutableArray<string> implemented,
                ImmutableArray<OpenNode> open)
            {
                Stamp = stamp;
                IsGenerated = isGenerated;
                Creations = creations;
                Edges = edges;
                Uses = uses;
                Implemented = implemented;
                Open = open;
            }

            /// <summary>The compilation the facts were read in: they hold while the program has its shape.</summary>
            public ProgramStamp Stamp { get; }

            /// <summary>Generated code: its flows count, its creations are not reported.</summary>
            public bool IsGenerated { get; }

            public ImmutableArray<TrackedCreation> Creations { get; }

            public ImmutableArray<KeyValuePair<string, string>> Edges { get; }

            public ImmutableArray<KeyValuePair<string, ReachedUse>> Uses { get; }

            /// <summary>Keys of the abstract, interface and virtual members that the tree's types implement or override.</summary>
            public ImmutableArray<string> Implemented { get; }

            public ImmutableArray<OpenNode> Open { get; }
        }

        /// <summary>The joined graph: edges between nodes, and the best use met at each node.</summary>
        private sealed class Graph
        {
            private readonly Dictionary<string, List<string>> _edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            private readonly Dictionary<string, ReachedUse> _uses = new Dictionary<string, ReachedUse>(StringComparer.Ordinal);

            public void AddEdge(string from, string to)
            {
                if (!_edges.TryGetValue(from, out var targets))
                {
                    targets = new List<string>();
                    _edges.Add(from, targets);
                }

                targets.Add(to);
            }

            public void AddUse(string node, ReachedUse use)
            {
                _uses.TryGetValue(node, out var known);
                if (use.IsBetterThan(known))
                {
                    _uses[node] = use;
                }
            }

            /// <summary>The best use reachable from <paramref name="start"/>. Read-only after the join, so safe to share.</summary>
            public ReachedUse? Reach(string start)
            {
                ReachedUse? best = null;
                var seen = new HashSet<string>(StringComparer.Ordinal) { start };
                var pending = new Stack<string>();
                pending.Push(start);
                while (pending.Count > 0)
                {
                    var node = pending.Pop();
                    if (_uses.TryGetValue(node, out var use))
                    {
                        best = ReachedUse.Better(best, use);
                    }

                    if (_edges.TryGetValue(node, out var targets))
                    {
                        foreach (var target in targets)
                        {
                            if (seen.Add(target))
                            {
                                pending.Push(target);
                            }
                        }
                    }
                }

                return best;
            }
        }

        /// <summary>Reads one tree: its bodies' operations and its types' overrides and implementations.</summary>
        private sealed class FactsBuilder
        {
            private const int QuotedLength = 60;

            private readonly ValueReach _program;
            private readonly IReachQuestion _question;
            private readonly SemanticModel _model;
            private readonly CancellationToken _cancellationToken;
            private readonly List<ValueSink> _sinks = new List<ValueSink>();
            private readonly ImmutableArray<TrackedCreation>.Builder _creations = ImmutableArray.CreateBuilder<TrackedCreation>();
            private readonly ImmutableArray<KeyValuePair<string, string>>.Builder _edges = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
            private readonly ImmutableArray<KeyValuePair<string, ReachedUse>>.Builder _uses = ImmutableArray.CreateBuilder<KeyValuePair<string, ReachedUse>>();
            private readonly ImmutableArray<string>.Builder _implemented = ImmutableArray.CreateBuilder<string>();
            private readonly ImmutableArray<OpenNode>.Builder _open = ImmutableArray.CreateBuilder<OpenNode>();
            private readonly HashSet<string> _opened = new HashSet<string>(StringComparer.Ordinal);

            public FactsBuilder(ValueReach program, SemanticModel model, CancellationToken cancellationToken)
            {
                _program = program;
                _question = program._question;
                _model = model;
                _cancellationToken = cancellationToken;
            }

            public TreeFacts Build(ProgramStamp stamp, bool isGenerated)
            {
                var root = _model.SyntaxTree.GetRoot(_cancellationToken);
                var hasTopLevelCode = false;
                foreach (var node in Summarizer.Declarations(root))
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    switch (node)
                    {
                        case GlobalStatementSyntax:
                            hasTopLevelCode = true;
                            break;
                        case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                            Read(node, node);
                            break;
                        case PropertyDeclarationSyntax property:
                            Read(property.ExpressionBody, property);
                            Read(property.Initializer, property);
                            break;
                        case IndexerDeclarationSyntax indexer:
                            Read(indexer.ExpressionBody, indexer);
                            break;
                        case VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } declarator:
                            Read(declarator.Initializer, declarator);
                            break;
                        case TypeDeclarationSyntax type when _model.GetDeclaredSymbol(type, _cancellationToken) is INamedTypeSymbol symbol:
                            Link(symbol);
                            break;
                    }
                }

                if (hasTopLevelCode && root is CompilationUnitSyntax unit)
                {
                    Read(unit, unit);
                }

                return new TreeFacts(stamp, isGenerated, _creations.ToImmutable(), _edges.ToImmutable(), _uses.ToImmutable(), _implemented.ToImmutable(), _open.ToImmutable());
            }

            /// <summary>Every operation of one body (<paramref name="body"/>), owned by what <paramref name="declaration"/> declares.</summary>
            private void Read(SyntaxNode? body, SyntaxNode declaration)
            {
                if (body is null
                    || _model.GetOperation(body, _cancellationToken) is not { } operation
                    || _model.GetDeclaredSymbol(declaration, _cancellationToken) is not { } owner)
                {
                    return;
                }

                if (owner is IPropertySymbol { GetMethod: { } getter } && body is ArrowExpressionClauseSyntax)
                {
                    owner = getter;
                }

                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    switch (descendant)
                    {
                        case IObjectCreationOperation creation when _question.IsTracked(creation):
                            var node = "new@" + Place(creation.Syntax.SyntaxTree, creation.Syntax.SpanStart);
                            _creations.Add(new TrackedCreation(node, creation.Syntax));
                            Follow(node, creation, owner);
                            break;
                        case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation
                            when _question.Carries(descendant.Type) && !IsWrite(descendant) && Holder(descendant) is { } holder && ValueSinks.IsInSource(holder) && Key(holder) is { } key:
                            Follow(key, descendant, owner);
                            break;
                    }
                }
            }

            /// <summary>Records where the value of <paramref name="value"/>, held by <paramref name="node"/>, goes.</summary>
            private void Follow(string node, IOperation value, ISymbol owner)
            {
                _sinks.Clear();
                ValueSinks.Of(value, owner, _question.Carries, _sinks);
                for (var i = 0; i < _sinks.Count; i++)
                {
                    var sink = _sinks[i];
                    switch (sink.Kind)
                    {
                        case SinkKind.Stored when Key(sink.Holder!) is { } holder:
                            Store(node, sink.Holder!, holder);
                            break;
                        case SinkKind.Escape:
                            _uses.Add(new KeyValuePair<string, ReachedUse>(node, Escape(sink.Operation)));
                            break;
                        case SinkKind.Library when Member(sink.Operation) is { } member:
                            switch (_question.Classify(sink.Operation, member, out var text))
                            {
                                case LibraryUseKind.Uses:
                                    _uses.Add(new KeyValuePair<string, ReachedUse>(node, new ReachedUse(ReachKind.Used, text, sink.Operation.Syntax)));
                                    break;
                                case LibraryUseKind.Unknown:
                                    _uses.Add(new KeyValuePair<string, ReachedUse>(node, new ReachedUse(ReachKind.UnknownLibraryMember, text, sink.Operation.Syntax)));
                                    break;
                                case LibraryUseKind.Harmless when _question.Carries(sink.Operation.Type):
                                    ValueSinks.Of(sink.Operation, owner, _question.Carries, _sinks); // a catalog from an extension method, say
                                    break;
                            }

                            break;
                    }
                }
            }

            /// <summary>An edge into a holder; a setter of the project's own gets the value too; the holder may be open to other code.</summary>
            private void Store(string node, ISymbol symbol, string holder)
            {
                _edges.Add(new KeyValuePair<string, string>(node, holder));
                if (symbol is IPropertySymbol { SetMethod: { Parameters: { Length: > 0 } parameters } setter } && ValueSinks.IsInSource(setter) && Key(parameters[parameters.Length - 1]) is { } value)
                {
                    _edges.Add(new KeyValuePair<string, string>(holder, value));
                }

                if (!_opened.Add(holder) || symbol.DeclaringSyntaxReferences.IsEmpty)
                {
                    return;
                }

                var declaration = symbol.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
                if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { IsAbstract: true } method } && _program._keys.Of(method) is { } methodKey)
                {
                    var use = new ReachedUse(ReachKind.PassedToOverridable, Name(method), declaration);
                    _open.Add(new OpenNode(holder, methodKey, IsVisibleOutside(method), use));
                }
                else if (symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: not MethodKind.LocalFunction })
                {
                    var use = new ReachedUse(ReachKind.KeptInReachableMember, Name(symbol), declaration);
                    var visible = IsVisibleOutside(symbol);
                    if (symbol.IsAbstract && _program._keys.Of(symbol) is { } memberKey)
                    {
                        _open.Add(new OpenNode(holder, memberKey, visible, use));
                    }
                    else if (visible)
                    {
                        _open.Add(new OpenNode(holder, null, true, use));
                    }
                }
            }

            /// <summary>Overrides and interface implementations: what goes into a base member goes into each of them, and back out.</summary>
            private void Link(INamedTypeSymbol type)
            {
                foreach (var member in type.GetMembers())
                {
                    switch (member)
                    {
                        case IMethodSymbol { OverriddenMethod: { } overridden } method:
                            Link(overridden, method);
                            break;
                        case IPropertySymbol { OverriddenProperty: { } overridden } property:
                            Link(overridden, property);
                            break;
                    }
                }

                foreach (var implemented in type.AllInterfaces)
                {
                    foreach (var member in implemented.GetMembers())
                    {
                        if (member is IMethodSymbol or IPropertySymbol
                            && type.FindImplementationForInterfaceMember(member) is { } implementation
                            && SymbolEqualityComparer.Default.Equals(implementation.ContainingType, type))
                        {
                            Link(member, implementation);
                        }
                    }
                }
            }

            private void Link(ISymbol baseMember, ISymbol member)
            {
                if (_program._keys.Of(baseMember) is not { } baseKey || _program._keys.Of(member) is not { } key)
                {
                    return;
                }

                _implemented.Add(baseKey);
                if (baseMember is IMethodSymbol baseMethod && member is IMethodSymbol method)
                {
                    var baseParameters = baseMethod.Parameters;
                    var count = Math.Min(baseParameters.Length, method.Parameters.Length);
                    for (var i = 0; i < count; i++)
                    {
                        if (_question.Carries(baseParameters[i].Type))
                        {
                            _edges.Add(new KeyValuePair<string, string>(baseKey + "#" + i, key + "#" + i));
                        }
                    }

                    if (_question.Carries(baseMethod.ReturnType))
                    {
                        _edges.Add(new KeyValuePair<string, string>(key, baseKey));
                    }
                }
                else if (baseMember is IPropertySymbol baseProperty && _question.Carries(baseProperty.Type))
                {
                    _edges.Add(new KeyValuePair<string, string>(baseKey, key));
                    _edges.Add(new KeyValuePair<string, string>(key, baseKey));
                }
            }

            /// <summary>
            /// A node's name: members by <see cref="SymbolKeys"/>; a parameter of a member by the
            /// member and position; locals, local functions and their parameters by their place.
            /// </summary>
            private string? Key(ISymbol symbol)
            {
                switch (symbol)
                {
                    case ILocalSymbol:
                    case IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }:
                        return Local(symbol);
                    case IParameterSymbol parameter:
                        return parameter.ContainingSymbol is IMethodSymbol { MethodKind: not (MethodKind.LocalFunction or MethodKind.AnonymousFunction) } method
                            && _program._keys.Of(method) is { } methodKey
                            ? methodKey + "#" + parameter.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)
                            : Local(symbol);
                    default:
                        return _program._keys.Of(symbol);
                }
            }

            private static string? Local(ISymbol symbol)
                => symbol.Locations.IsEmpty || symbol.Locations[0].SourceTree is not { } tree
                    ? null
                    : "local@" + Place(tree, symbol.Locations[0].SourceSpan.Start) + ":" + symbol.Name;

            private static string Place(SyntaxTree tree, int position)
                => tree.FilePath + ":" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);

            private static ISymbol? Holder(IOperation operation)
                => operation switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter.OriginalDefinition,
                    IFieldReferenceOperation field => field.Field.OriginalDefinition,
                    IPropertyReferenceOperation property => property.Property.OriginalDefinition,
                    IInvocationOperation invocation => (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition,
                    _ => null,
                };

            private static ISymbol? Member(IOperation use)
                => use switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    IMemberReferenceOperation reference => reference.Member,
                    _ => null,
                };

            /// <summary>A reference that writes rather than reads: the target of an assignment, an <c>out</c> argument, a declaration.</summary>
            private static bool IsWrite(IOperation operation)
                => operation is ILocalReferenceOperation { IsDeclaration: true }
                    || (operation.Parent is IAssignmentOperation assignment && assignment.Target == operation)
                    || (operation.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out });

            /// <summary>An escape: a conversion (to which type), a lambda's return, or another operation (its code).</summary>
            private static ReachedUse Escape(IOperation operation)
                => operation switch
                {
                    IConversionOperation { Type: { } type } => new ReachedUse(ReachKind.ConvertedTo, type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), operation.Syntax),
                    IReturnOperation => new ReachedUse(ReachKind.ReturnedByLambda, string.Empty, operation.Syntax),
                    _ => new ReachedUse(ReachKind.Reaches, CodeText.OneLine(operation.Syntax, QuotedLength), operation.Syntax),
                };

            private static string Name(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

            private static bool IsVisibleOutside(ISymbol symbol)
            {
                for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
                {
                    if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
