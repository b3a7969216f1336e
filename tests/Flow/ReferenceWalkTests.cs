using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Seeding.Analyzers.Flow;
using Xunit;
using Xunit.Abstractions;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The engine against a naive reference on random small programs. Each program has 3 to 8
    /// static methods whose bodies are random statements: seed, reseed, draw, a call to any
    /// method, an if/else, a for loop, return and throw. For every method whose calls reach no
    /// cycle, the reference's answers are exact, and the engine must give the same ones.
    /// The generator's seed is fixed, so every run sees the same programs. The reference also
    /// runs the wider language of <see cref="ReferenceWalkWideTests"/>.
    /// </summary>
    public sealed class ReferenceWalkTests
    {
        private const int Programs = 200;

        private readonly ITestOutputHelper _output;

        public ReferenceWalkTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>
        /// Every compared answer: the effect's four flags and the late seeds, entered unseeded and seeded.
        /// </summary>
        [Fact]
        public void TheEngineAgreesWithANaiveReferenceOnRandomPrograms()
            => Compare(withReseed: true, exact: true);

        /// <summary>
        /// Without reseeds, whether a method draws while unseeded and how it may exit, on a second
        /// family of programs: a narrower comparison that keeps a failure of the first test easy to
        /// place (reseeds or the remaining flags and late seeds).
        /// </summary>
        [Fact]
        public void TheEngineAgreesWithANaiveReferenceOnDrawsAndExitsWithoutReseeds()
            => Compare(withReseed: false, exact: false);

        private void Compare(bool withReseed, bool exact)
        {
            var random = new Random(20_250_601);
            var compared = 0;
            var disagreements = new List<string>();
            for (var program = 0; program < Programs; program++)
            {
                var source = ProgramGenerator.Generate(random, withReseed);
                var compilation = FlowTestKit.Compile(source);
                var solver = new Solver(FlowTestKit.Summarize(compilation));
                var reference = new ReferenceInterpreter(compilation);
                foreach (var root in reference.Roots)
                {
                    foreach (var entry in new[] { Entry.Unseeded, Entry.Seeded })
                    {
                        if (reference.Run(root, entry) is not { } expected)
                        {
                            continue; // a cycle is reachable: the reference is not exact there
                        }

                        compared++;
                        var actual = EngineAnswer(solver, root, entry);
                        if (exact ? actual != expected : !actual.SameDrawsAndExits(expected))
                        {
                            disagreements.Add($"program {program}, {root} entered {entry}:\n  reference {expected}\n  engine    {actual}\n{source}");
                        }
                    }
                }
            }

            _output.WriteLine($"{compared} method runs compared, {disagreements.Count} disagreements");
            Assert.True(compared > Programs, $"Too few methods without cycles were compared ({compared})");
            Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {compared} disagree; first:\n{string.Join("\n", disagreements.Take(3))}");
        }

        /// <summary>The engine's answer for the body with documentation id <paramref name="key"/>.</summary>
        internal static Answer EngineAnswer(Solver solver, string key, Entry entry)
        {
            var effect = FlowTestKit.EffectOf(solver, key, entry);
            var late = FlowTestKit.FactsOf(solver, key, entry).LateSeeds.Select(l => l.Seed.Position);
            return new Answer(effect.DrawsWhileUnseeded, effect.SeedsBeforeDrawing, effect.ExitMayBeUnseeded, effect.ExitMayBeSeeded, late);
        }

        /// <summary>What is compared: the effect's four flags and the positions of the late seeds of one run.</summary>
        internal sealed class Answer : IEquatable<Answer>
        {
            public Answer(bool draws, bool seeds, bool exitUnseeded, bool exitSeeded, IEnumerable<int> lateSeeds)
            {
                Draws = draws;
                Seeds = seeds;
                ExitUnseeded = exitUnseeded;
                ExitSeeded = exitSeeded;
                LateSeeds = new SortedSet<int>(lateSeeds);
            }

            public bool Draws { get; }

            public bool Seeds { get; }

            public bool ExitUnseeded { get; }

            public bool ExitSeeded { get; }

            public SortedSet<int> LateSeeds { get; }

            public static bool operator ==(Answer? left, Answer? right) => Equals(left, right);

            public static bool operator !=(Answer? left, Answer? right) => !Equals(left, right);

            public bool Equals(Answer? other)
                => other is not null && Draws == other.Draws && Seeds == other.Seeds && ExitUnseeded == other.ExitUnseeded
                    && ExitSeeded == other.ExitSeeded && LateSeeds.SetEquals(other.LateSeeds);

            public override bool Equals(object? obj) => Equals(obj as Answer);

            public bool SameDrawsAndExits(Answer other) => Draws == other.Draws && ExitUnseeded == other.ExitUnseeded && ExitSeeded == other.ExitSeeded;

            public override int GetHashCode() => HashCode.Combine(Draws, Seeds, ExitUnseeded, ExitSeeded, LateSeeds.Count);

            public override string ToString()
                => $"draws={Draws} seedsBeforeDrawing={Seeds} exitUnseeded={ExitUnseeded} exitSeeded={ExitSeeded} lateSeeds=[{string.Join(",", LateSeeds)}]";
        }

        /// <summary>Random programs in the statement language the reference understands.</summary>
        internal static class ProgramGenerator
        {
            public static string Generate(Random random, bool withReseed)
            {
                var methods = random.Next(3, 9);
                var source = new StringBuilder("static class P\n{\n    static bool Cond() => System.Environment.TickCount > 0;\n    static int N() => 2;\n");
                var locals = 0;
                for (var m = 0; m < methods; m++)
                {
                    source.Append("    static void M").Append(m).Append("()\n    {\n");
                    Statements(random, methods, withReseed, depth: 0, indent: 2, source, ref locals);
                    source.Append("    }\n");
                }

                return source.Append("}\n").ToString();
            }

            private static void Statements(Random random, int methods, bool withReseed, int depth, int indent, StringBuilder source, ref int locals)
            {
                var count = random.Next(1, depth == 0 ? 5 : 3);
                for (var s = 0; s < count; s++)
                {
                    var pad = new string(' ', indent * 4);
                    var pick = random.Next(depth < 2 ? 20 : 16);
                    switch (pick)
                    {
                        case < 4:
                            source.Append(pad).Append("torch.manual_seed(1);\n");
                            break;
                        case < 6:
                            source.Append(pad).Append(withReseed ? "torch.seed();\n" : "torch.manual_seed(2);\n");
                            break;
                        case < 10:
                            source.Append(pad).Append("var x").Append(locals++).Append(" = torch.rand(1);\n");
                            break;
                        case < 14:
                            source.Append(pad).Append('M').Append(random.Next(methods)).Append("();\n");
                            break;
                        case 14:
                            source.Append(pad).Append(random.Next(2) == 0 ? "return;\n" : "throw new System.Exception();\n");
                            break;
                        case 15:
                            if (random.Next(3) == 0)
                            {
                                source.Append(pad).Append(random.Next(2) == 0 ? "return;\n" : "throw new System.Exception();\n");
                            }

                            break;
                        case < 18:
                            source.Append(pad).Append("if (Cond())\n").Append(pad).Append("{\n");
                            Statements(random, methods, withReseed, depth + 1, indent + 1, source, ref locals);
                            source.Append(pad).Append("}\n").Append(pad).Append("else\n").Append(pad).Append("{\n");
                            Statements(random, methods, withReseed, depth + 1, indent + 1, source, ref locals);
                            source.Append(pad).Append("}\n");
                            break;
                        default:
                            var i = "i" + locals++;
                            source.Append(pad).Append("for (int ").Append(i).Append(" = 0; ").Append(i).Append(" < N(); ").Append(i).Append("++)\n").Append(pad).Append("{\n");
                            Statements(random, methods, withReseed, depth + 1, indent + 1, source, ref locals);
                            source.Append(pad).Append("}\n");
                            break;
                    }
                }
            }
        }

        /// <summary>
        /// The reference: a direct interpreter over the syntax of a generated program, written
        /// without the engine's summaries or lattice (Roslyn binds the names: which method a call
        /// names, which lambda a local holds, which type a <c>new</c> makes). It runs a body on the
        /// SET of concrete states that some path reaches at each point (so every state it holds is
        /// the state of a real path, and no path's state is lost): a choice runs both branches on
        /// the same set, a loop repeats its body until the set at its head stops growing, a call
        /// runs the callee's body inline on the current set, and each way of leaving a statement
        /// (on to the next, return, break, continue, throw) carries its own set to where it lands.
        /// The concrete state is finite (see <see cref="State"/>), so this is exact. A call
        /// reaching a body already on the call stack (a cycle) makes the answer unknown
        /// (<c>null</c>): such runs are not compared.
        /// <para>
        /// What runs, as C# runs it: a call runs the method's body (a method with an arrow body,
        /// <c>Cond()</c> or <c>N()</c>, does nothing); a call through an interface or of a virtual
        /// method (not through <c>base</c>) runs any one of the implementations declared in the
        /// program, so each path goes on from each of them; <c>a()</c> on a local delegate runs
        /// the lambda the local was declared with, and a local function runs where it is called;
        /// a switch runs one of its sections (or none, without a default);
        /// <c>new K()</c> runs <c>K</c>'s field initialisers in order, then its base type's
        /// parameterless constructor the same way, then <c>K</c>'s constructor body; a throw
        /// leaves every body up to the nearest enclosing <c>catch</c>, running the <c>finally</c>
        /// blocks on its way, as do a return, a break and a continue leaving a <c>try</c>.
        /// </para>
        /// <para>
        /// Where an exception may come from besides a throw, the reference takes the engine's
        /// reading, which is a deliberate approximation: any point of the <c>try</c> block's own
        /// code (its start, and after each statement of it, to any depth, a call being one step)
        /// may leave for the <c>catch</c>, but such an exception is not taken through a
        /// <c>finally</c> with no <c>catch</c>, and nothing inside a body the <c>try</c> calls
        /// throws but its <c>throw</c> statements.
        /// </para>
        /// <para>
        /// Definitions, per run of a root body entered unseeded or seeded:
        /// draws: some path draws while unseeded (never seeded, or reseeded since);
        /// seedsBeforeDrawing: some path seeds while unseeded before any unseeded draw of the run;
        /// exit: the states of paths that return (end or return statement);
        /// late seeds: a seed written in the root that some path reaches with an unseeded draw
        /// that no seed has followed yet (a reseed does not clear it); and a call written in the
        /// root that some path enters with such a draw pending and in which that path's first
        /// seed comes before any unseeded draw of its own (the call "seeds before it draws"; a
        /// seed inside the call after the call's own draw belongs to the callee). A call is a
        /// call of a method, a run of a lambda or local function, and each part of a constructor
        /// chain on its own: <c>new K()</c> for a <c>K</c> without a declared constructor is its
        /// initialisers and its base's chain, each a call at the <c>new</c> (the engine's call
        /// has one target for each); a constructor's own initialisers are calls at their values,
        /// and its base's chain a call at its <c>: base()</c> (at the constructor when implicit).
        /// </para>
        /// </summary>
        internal sealed class ReferenceInterpreter
        {
            private readonly SemanticModel _model;
            private readonly Dictionary<string, SyntaxNode> _roots = new Dictionary<string, SyntaxNode>(StringComparer.Ordinal);
            private readonly Dictionary<IMethodSymbol, SyntaxNode> _bodies = new Dictionary<IMethodSymbol, SyntaxNode>(SymbolEqualityComparer.Default);
            private bool _draws;
            private bool _seeds;
            private SortedSet<int> _late = new SortedSet<int>();
            private HashSet<string> _shapes = new HashSet<string>();

            public ReferenceInterpreter(Compilation compilation)
            {
                var tree = compilation.SyntaxTrees.Single();
                _model = compilation.GetSemanticModel(tree);
                foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
                {
                    if (declaration.Body is not null && _model.GetDeclaredSymbol(declaration) is IMethodSymbol method)
                    {
                        _bodies.Add(method, declaration);
                        _roots.Add(method.GetDocumentationCommentId()!, declaration);
                    }
                }
            }

            /// <summary>The documentation ids (the engine's keys) of the methods and constructors with a block body, in ordinal order.</summary>
            public IEnumerable<string> Roots => _roots.Keys.OrderBy(key => key, StringComparer.Ordinal);

            /// <summary>How many times each shape ran, over every run so far that reached no cycle.</summary>
            public Dictionary<string, int> ShapesRun { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

            public Answer? Run(string root, Entry entry)
            {
                _draws = false;
                _seeds = false;
                _late = new SortedSet<int>();
                _shapes = new HashSet<string>();
                var start = new State(Unseeded: entry == Entry.Unseeded, Pending: false, DrewInRun: false, InCall: false, DrewInCall: false, SeededInCall: false);
                try
                {
                    var body = _roots[root];
                    var outcome = Body(body, Set(start), new Context(new List<SyntaxNode> { body }, -1));
                    var exits = outcome.Normal;
                    exits.UnionWith(outcome.Returned);
                    foreach (var shape in _shapes)
                    {
                        ShapesRun[shape] = ShapesRun.TryGetValue(shape, out var count) ? count + 1 : 1;
                    }

                    return new Answer(_draws, _seeds, exits.Any(s => s.Unseeded), exits.Any(s => !s.Unseeded), _late);
                }
                catch (CycleException)
                {
                    return null;
                }
            }

            /// <summary>Runs one body: a method's or a local function's block, a lambda's, a constructor, a field's initialiser.</summary>
            private Outcome Body(SyntaxNode body, HashSet<State> states, Context context)
            {
                switch (body)
                {
                    case ConstructorDeclarationSyntax constructor:
                        return Constructor(constructor, states, context);
                    case BaseMethodDeclarationSyntax { Body: { } block }:
                        return Block(block, states, context);
                    case LocalFunctionStatementSyntax { Body: { } block }:
                        return Block(block, states, context);
                    case ParenthesizedLambdaExpressionSyntax { Block: { } block }:
                        return Block(block, states, context);
                    case EqualsValueClauseSyntax initializer:
                        return Expression(initializer.Value, states, context);
                    default:
                        return Outcome.Normally(states); // an arrow body: Cond() and N() do nothing
                }
            }

            /// <summary>A declared constructor: its type's initialisers, each a call at its value; its base's chain, a call at its <c>: base()</c>; then its body.</summary>
            private Outcome Constructor(ConstructorDeclarationSyntax constructor, HashSet<State> states, Context context)
            {
                var type = ((IMethodSymbol)_model.GetDeclaredSymbol(constructor)!).ContainingType;
                var outcome = Outcome.Normally(states);
                foreach (var initializer in Initializers(type))
                {
                    outcome = outcome.Then(Call(initializer, initializer.Value.SpanStart, outcome.Normal, context));
                }

                var baseSite = constructor.Initializer?.SpanStart ?? constructor.SpanStart;
                foreach (var part in Chain(type.BaseType))
                {
                    outcome = outcome.Then(Call(part, baseSite, outcome.Normal, context));
                }

                return outcome.Then(Block(constructor.Body!, outcome.Normal, context));
            }

            /// <summary>What making a <paramref name="type"/> runs, each part a call of its own: its declared constructor, or its initialisers and then its base's chain.</summary>
            private List<SyntaxNode> Chain(INamedTypeSymbol? type)
            {
                var parts = new List<SyntaxNode>();
                for (; type is not null && type.Locations.Any(l => l.IsInSource); type = type.BaseType)
                {
                    var declared = type.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0 && _bodies.ContainsKey(c));
                    if (declared is not null)
                    {
                        parts.Add(_bodies[declared]);
                        break;
                    }

                    parts.AddRange(Initializers(type));
                }

                return parts;
            }

            private static IEnumerable<EqualsValueClauseSyntax> Initializers(INamedTypeSymbol type)
                => type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsImplicitlyDeclared)
                    .Select(f => f.DeclaringSyntaxReferences.Single().GetSyntax()).OfType<VariableDeclaratorSyntax>()
                    .Where(d => d.Initializer is not null).OrderBy(d => d.SpanStart).Select(d => d.Initializer!);

            private Outcome Block(BlockSyntax block, HashSet<State> states, Context context)
            {
                var outcome = Outcome.Normally(states);
                foreach (var statement in block.Statements)
                {
                    outcome = outcome.Then(Statement(statement, outcome.Normal, context));
                }

                return outcome;
            }

            private Outcome Statement(StatementSyntax statement, HashSet<State> states, Context context)
            {
                if (states.Count == 0)
                {
                    return Outcome.Normally(states); // no path gets here
                }

                switch (statement)
                {
                    case BlockSyntax block:
                        return Block(block, states, context);
                    case ReturnStatementSyntax:
                        return new Outcome { Returned = states };
                    case ThrowStatementSyntax:
                        return new Outcome { Thrown = states };
                    case BreakStatementSyntax:
                        Count("break");
                        return new Outcome { Broken = states };
                    case ContinueStatementSyntax:
                        Count("continue");
                        return new Outcome { Continued = states };
                    case IfStatementSyntax branch:
                        var whenTrue = Statement(branch.Statement, states, context);
                        return whenTrue.Or(branch.Else is { } otherwise ? Statement(otherwise.Statement, states, context) : Outcome.Normally(states));
                    case ForStatementSyntax loop:
                        return Loop(loop.Statement, states, context, atLeastOnce: false, endless: false);
                    case WhileStatementSyntax loop:
                        Count("while");
                        return Loop(loop.Statement, states, context, atLeastOnce: false, endless: loop.Condition is LiteralExpressionSyntax);
                    case DoStatementSyntax loop:
                        Count("do");
                        return Loop(loop.Statement, states, context, atLeastOnce: true, endless: false);
                    case TryStatementSyntax tryStatement:
                        return Try(tryStatement, states, context);
                    case SwitchStatementSyntax choice:
                        return Switch(choice, states, context);
                    case LocalFunctionStatementSyntax:
                        return Outcome.Normally(states); // runs where it is called
                    case LocalDeclarationStatementSyntax declaration:
                        var declared = Outcome.Normally(states);
                        foreach (var variable in declaration.Declaration.Variables)
                        {
                            if (variable.Initializer is { } value)
                            {
                                declared = declared.Then(Expression(value.Value, declared.Normal, context));
                            }
                        }

                        return context.Observe(declared);
                    case ExpressionStatementSyntax expression:
                        return context.Observe(Expression(expression.Expression, states, context));
                    default:
                        throw new InvalidOperationException("Not in the generated language: " + statement);
                }
            }

            /// <summary>
            /// A loop: a round from every state at its head until that set stops growing. A loop with
            /// a condition ends at its head (a do-while after a round); an endless one only by break.
            /// </summary>
            private Outcome Loop(StatementSyntax body, HashSet<State> states, Context context, bool atLeastOnce, bool endless)
            {
                var head = new HashSet<State>(states);
                var ends = new HashSet<State>();
                var left = new Outcome();
                while (true)
                {
                    var round = Statement(body, head, context);
                    left.Returned.UnionWith(round.Returned);
                    left.Thrown.UnionWith(round.Thrown);
                    left.Normal.UnionWith(round.Broken);
                    ends.UnionWith(round.Normal);
                    ends.UnionWith(round.Continued);
                    var before = head.Count;
                    head.UnionWith(ends);
                    if (head.Count == before)
                    {
                        break;
                    }
                }

                if (!endless)
                {
                    left.Normal.UnionWith(atLeastOnce ? ends : head);
                }

                return left;
            }

            /// <summary>One of the sections runs, or none when there is no default; a break leaves the switch.</summary>
            private Outcome Switch(SwitchStatementSyntax choice, HashSet<State> states, Context context)
            {
                Count("switch");
                var sections = new Outcome();
                foreach (var section in choice.Sections)
                {
                    var ran = Outcome.Normally(states);
                    foreach (var statement in section.Statements)
                    {
                        ran = ran.Then(Statement(statement, ran.Normal, context));
                    }

                    sections = sections.Or(ran);
                }

                if (!choice.Sections.Any(section => section.Labels.Any(label => label is DefaultSwitchLabelSyntax)))
                {
                    sections.Normal.UnionWith(states);
                }

                sections.Normal.UnionWith(sections.Broken);
                sections.Broken = new HashSet<State>();
                return sections;
            }

            /// <summary>
            /// A try: its catch (which takes every exception) starts from every state of the try
            /// block's own code and every throw that reaches it; its finally runs on each way out of
            /// the block and the catch, which then goes on the way it was going.
            /// </summary>
            private Outcome Try(TryStatementSyntax tryStatement, HashSet<State> states, Context context)
            {
                var observer = new HashSet<State>(states);
                context.Observers.Add(observer);
                var outcome = Block(tryStatement.Block, states, context);
                context.Observers.Remove(observer);
                if (tryStatement.Catches.Count > 0)
                {
                    Count("catch");
                    observer.UnionWith(outcome.Thrown);
                    outcome.Thrown = new HashSet<State>();
                    foreach (var handler in tryStatement.Catches)
                    {
                        outcome = outcome.Or(Block(handler.Block, observer, context));
                    }
                }

                if (tryStatement.Finally is not { } @finally)
                {
                    return outcome;
                }

                Count("finally");
                var after = new Outcome();
                foreach (var way in Outcome.Ways)
                {
                    var ran = Block(@finally.Block, way(outcome), context);
                    way(after).UnionWith(ran.Normal);
                    after.Thrown.UnionWith(ran.Thrown);
                }

                return after;
            }

            private Outcome Expression(ExpressionSyntax expression, HashSet<State> states, Context context)
            {
                switch (expression)
                {
                    case InvocationExpressionSyntax invocation:
                        return Invocation(invocation, states, context);
                    case ObjectCreationExpressionSyntax creation:
                        Count("new");
                        var made = Outcome.Normally(states);
                        foreach (var part in Chain((INamedTypeSymbol)_model.GetTypeInfo(creation).Type!))
                        {
                            made = made.Then(Call(part, creation.SpanStart, made.Normal, context));
                        }

                        return made;
                    default:
                        return Outcome.Normally(states); // a lambda, a literal: nothing runs
                }
            }

            private Outcome Invocation(InvocationExpressionSyntax invocation, HashSet<State> states, Context context)
            {
                switch (invocation.Expression.ToString())
                {
                    case "torch.manual_seed":
                        return Outcome.Normally(Map(states, state => Seed(state, invocation, context)));
                    case "torch.seed":
                        return Outcome.Normally(Map(states, state => state.With(unseeded: true)));
                    case "torch.rand":
                        return Outcome.Normally(Map(states, Draw));
                }

                var method = (IMethodSymbol)_model.GetSymbolInfo(invocation).Symbol!;
                var site = invocation.SpanStart;
                switch (method.MethodKind)
                {
                    case MethodKind.DelegateInvoke:
                        Count("lambda");
                        var local = (ILocalSymbol)_model.GetSymbolInfo(invocation.Expression).Symbol!;
                        var declarator = (VariableDeclaratorSyntax)local.DeclaringSyntaxReferences.Single().GetSyntax();
                        return Call(declarator.Initializer!.Value, site, states, context);
                    case MethodKind.LocalFunction:
                        Count("local function");
                        return Call(method.DeclaringSyntaxReferences.Single().GetSyntax(), site, states, context);
                }

                var throughBase = invocation.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax };
                if (throughBase || !(method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface))
                {
                    return _bodies.TryGetValue(method, out var body) ? Call(body, site, states, context) : Outcome.Normally(states);
                }

                // Any one of the implementations: each path goes on from each.
                Count("dispatch");
                var any = new Outcome();
                foreach (var implementation in _bodies.Keys.Where(candidate => Implements(candidate, method)))
                {
                    any = any.Or(Call(_bodies[implementation], site, states, context));
                }

                return any;
            }

            private static bool Implements(IMethodSymbol candidate, IMethodSymbol method)
            {
                for (var overridden = candidate; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden, method))
                    {
                        return true;
                    }
                }

                return method.ContainingType.TypeKind == TypeKind.Interface
                    && SymbolEqualityComparer.Default.Equals(candidate.ContainingType.FindImplementationForInterfaceMember(method), candidate);
            }

            /// <summary>
            /// Another body runs here, at <paramref name="site"/>: inline, with its own try blocks
            /// (a state inside it is no point of the caller's try); its returns come back here and
            /// its throws go on from here.
            /// </summary>
            private Outcome Call(SyntaxNode callee, int site, HashSet<State> states, Context context)
            {
                if (states.Count == 0)
                {
                    return Outcome.Normally(states);
                }

                if (context.Stack.Contains(callee))
                {
                    throw new CycleException();
                }

                context.Stack.Add(callee);
                var inRoot = context.RootCall < 0;
                var entered = inRoot ? Map(states, state => state.With(inCall: true, drewInCall: false, seededInCall: false)) : states;
                var ran = Body(callee, entered, new Context(context.Stack, inRoot ? site : context.RootCall));
                context.Stack.RemoveAt(context.Stack.Count - 1);
                var back = new Outcome { Thrown = ran.Thrown };
                back.Normal.UnionWith(ran.Normal);
                back.Normal.UnionWith(ran.Returned);
                if (inRoot)
                {
                    back.Normal = Map(back.Normal, state => state.With(inCall: false, drewInCall: false, seededInCall: false));
                    back.Thrown = Map(back.Thrown, state => state.With(inCall: false, drewInCall: false, seededInCall: false));
                }

                return back;
            }

            private State Draw(State state)
            {
                if (!state.Unseeded)
                {
                    return state;
                }

                _draws = true;
                return state.With(pending: true, drewInRun: true, drewInCall: state.InCall);
            }

            private State Seed(State state, InvocationExpressionSyntax site, Context context)
            {
                if (state.Unseeded && !state.DrewInRun)
                {
                    _seeds = true;
                }

                if (state.Pending)
                {
                    if (!state.InCall)
                    {
                        _late.Add(site.SpanStart);
                    }
                    else if (!state.DrewInCall && !state.SeededInCall)
                    {
                        _late.Add(context.RootCall);
                    }
                }

                return state.With(unseeded: false, pending: false, seededInCall: state.InCall);
            }

            private void Count(string shape) => _shapes.Add(shape);

            private static HashSet<State> Set(State state) => new HashSet<State> { state };

            private static HashSet<State> Map(HashSet<State> states, Func<State, State> transfer)
            {
                var result = new HashSet<State>();
                foreach (var state in states)
                {
                    result.Add(transfer(state));
                }

                return result;
            }

            /// <summary>The states of the paths leaving a statement, by the way they leave it.</summary>
            private sealed class Outcome
            {
                /// <summary>Each way of leaving, as a getter: the finally of a try runs on each.</summary>
                public static readonly Func<Outcome, HashSet<State>>[] Ways =
                {
                    o => o.Normal, o => o.Returned, o => o.Broken, o => o.Continued, o => o.Thrown,
                };

                public HashSet<State> Normal { get; set; } = new HashSet<State>();

                public HashSet<State> Returned { get; set; } = new HashSet<State>();

                public HashSet<State> Broken { get; set; } = new HashSet<State>();

                public HashSet<State> Continued { get; set; } = new HashSet<State>();

                public HashSet<State> Thrown { get; set; } = new HashSet<State>();

                public static Outcome Normally(HashSet<State> states) => new Outcome { Normal = states };

                /// <summary>This statement, then <paramref name="next"/> run from its normal end: their other ways out together.</summary>
                public Outcome Then(Outcome next)
                {
                    var result = Copy();
                    result.Normal = next.Normal;
                    result.Returned.UnionWith(next.Returned);
                    result.Broken.UnionWith(next.Broken);
                    result.Continued.UnionWith(next.Continued);
                    result.Thrown.UnionWith(next.Thrown);
                    return result;
                }

                /// <summary>Either this or <paramref name="other"/>: every way out of both.</summary>
                public Outcome Or(Outcome other)
                {
                    var result = Copy();
                    result.Normal.UnionWith(other.Normal);
                    result.Returned.UnionWith(other.Returned);
                    result.Broken.UnionWith(other.Broken);
                    result.Continued.UnionWith(other.Continued);
                    result.Thrown.UnionWith(other.Thrown);
                    return result;
                }

                private Outcome Copy()
                    => new Outcome
                    {
                        Normal = new HashSet<State>(Normal),
                        Returned = new HashSet<State>(Returned),
                        Broken = new HashSet<State>(Broken),
                        Continued = new HashSet<State>(Continued),
                        Thrown = new HashSet<State>(Thrown),
                    };
            }

            private sealed class Context
            {
                public Context(List<SyntaxNode> stack, int rootCall)
                {
                    Stack = stack;
                    RootCall = rootCall;
                }

                /// <summary>The bodies being run, root first: a call to one of them is a cycle.</summary>
                public List<SyntaxNode> Stack { get; }

                /// <summary>The position of the call written in the root that is running, or -1 in the root's own code.</summary>
                public int RootCall { get; }

                /// <summary>For each try block of this body being run, the states at every point of it so far.</summary>
                public List<HashSet<State>> Observers { get; } = new List<HashSet<State>>();

                /// <summary>The states after a simple statement are points of every try block around it.</summary>
                public Outcome Observe(Outcome outcome)
                {
                    foreach (var observer in Observers)
                    {
                        observer.UnionWith(outcome.Normal);
                    }

                    return outcome;
                }
            }

            /// <summary>
            /// One path's state: unseeded (never seeded or reseeded since the last seed); an unseeded
            /// draw pending (no seed since); whether the run drew while unseeded; and, inside a call
            /// written in the root, whether that call drew while unseeded or seeded yet.
            /// </summary>
            private readonly record struct State(bool Unseeded, bool Pending, bool DrewInRun, bool InCall, bool DrewInCall, bool SeededInCall)
            {
                public State With(bool? unseeded = null, bool? pending = null, bool? drewInRun = null, bool? inCall = null, bool? drewInCall = null, bool? seededInCall = null)
                    => new State(
                        unseeded ?? Unseeded,
                        pending ?? Pending,
                        drewInRun ?? DrewInRun,
                        inCall ?? InCall,
                        drewInCall ?? DrewInCall,
                        seededInCall ?? SeededInCall);
            }

            private sealed class CycleException : Exception
            {
            }
        }
    }
}
