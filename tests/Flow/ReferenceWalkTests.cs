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
    /// The generator's seed is fixed, so every run sees the same programs.
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
                var reference = new ReferenceInterpreter(compilation.SyntaxTrees.Single());
                foreach (var method in reference.MethodNames)
                {
                    foreach (var entry in new[] { Entry.Unseeded, Entry.Seeded })
                    {
                        if (reference.Run(method, entry) is not { } expected)
                        {
                            continue; // a cycle is reachable: the reference is not exact there
                        }

                        compared++;
                        var actual = EngineAnswer(solver, method, entry);
                        if (exact ? actual != expected : !actual.SameDrawsAndExits(expected))
                        {
                            disagreements.Add($"program {program}, {method} entered {entry}:\n  reference {expected}\n  engine    {actual}\n{source}");
                        }
                    }
                }
            }

            _output.WriteLine($"{compared} method runs compared, {disagreements.Count} disagreements");
            Assert.True(compared > Programs, $"Too few methods without cycles were compared ({compared})");
            Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {compared} disagree; first:\n{string.Join("\n", disagreements.Take(3))}");
        }

        private static Answer EngineAnswer(Solver solver, string method, Entry entry)
        {
            var key = "M:P." + method;
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
        /// without the engine's summaries or lattice. It runs a method on the SET of concrete
        /// states that some path reaches at each point (so every state it holds is the state of a
        /// real path, and no path's state is lost): a choice runs both branches on the same set,
        /// a loop repeats its body until the set at its head stops growing, a call runs the
        /// callee's body inline on the current set, a return carries its set to the method's
        /// exit, a throw ends its paths. The concrete state is finite (see <see cref="State"/>), so
        /// this is exact. A call reaching a method already on the call stack (a cycle) makes the
        /// answer unknown (<c>null</c>): such runs are not compared.
        /// <para>
        /// Definitions, per run of a root method entered unseeded or seeded:
        /// draws: some path draws while unseeded (never seeded, or reseeded since);
        /// seedsBeforeDrawing: some path seeds while unseeded before any unseeded draw of the run;
        /// exit: the states of paths that return (end or return statement);
        /// late seeds: a seed written in the root that some path reaches with an unseeded draw
        /// that no seed has followed yet (a reseed does not clear it); and a call written in the
        /// root that some path enters with such a draw pending and in which that path's first
        /// seed comes before any unseeded draw of its own (the call "seeds before it draws"; a
        /// seed inside the call after the call's own draw belongs to the callee).
        /// </para>
        /// </summary>
        internal sealed class ReferenceInterpreter
        {
            private readonly Dictionary<string, BlockSyntax> _methods = new Dictionary<string, BlockSyntax>();
            private bool _draws;
            private bool _seeds;
            private SortedSet<int> _late = new SortedSet<int>();

            public ReferenceInterpreter(SyntaxTree tree)
            {
                foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
                {
                    if (method.Body is { } body)
                    {
                        _methods.Add(method.Identifier.ValueText, body);
                    }
                }
            }

            public IEnumerable<string> MethodNames => _methods.Keys.Where(name => name.StartsWith("M", StringComparison.Ordinal)).OrderBy(name => name, StringComparer.Ordinal);

            public Answer? Run(string method, Entry entry)
            {
                _draws = false;
                _seeds = false;
                _late = new SortedSet<int>();
                var start = new State(Unseeded: entry == Entry.Unseeded, Pending: false, DrewInRun: false, InCall: false, DrewInCall: false, SeededInCall: false);
                try
                {
                    var stack = new List<string> { method };
                    var (normal, returned) = Block(_methods[method], Set(start), new Context(stack, -1));
                    normal.UnionWith(returned);
                    return new Answer(_draws, _seeds, normal.Any(s => s.Unseeded), normal.Any(s => !s.Unseeded), _late);
                }
                catch (CycleException)
                {
                    return null;
                }
            }

            private (HashSet<State> Normal, HashSet<State> Returned) Block(BlockSyntax block, HashSet<State> states, Context context)
            {
                var returned = new HashSet<State>();
                foreach (var statement in block.Statements)
                {
                    var (normal, statementReturned) = Statement(statement, states, context);
                    returned.UnionWith(statementReturned);
                    states = normal;
                }

                return (states, returned);
            }

            private (HashSet<State> Normal, HashSet<State> Returned) Statement(StatementSyntax statement, HashSet<State> states, Context context)
            {
                if (states.Count == 0)
                {
                    return (new HashSet<State>(), new HashSet<State>()); // no path gets here
                }

                switch (statement)
                {
                    case BlockSyntax block:
                        return Block(block, states, context);
                    case ReturnStatementSyntax:
                        return (new HashSet<State>(), states);
                    case ThrowStatementSyntax:
                        return (new HashSet<State>(), new HashSet<State>());
                    case IfStatementSyntax branch:
                        var whenTrue = Statement(branch.Statement, states, context);
                        var whenFalse = Statement(branch.Else!.Statement, states, context);
                        whenTrue.Normal.UnionWith(whenFalse.Normal);
                        whenTrue.Returned.UnionWith(whenFalse.Returned);
                        return whenTrue;
                    case ForStatementSyntax loop:
                        var head = new HashSet<State>(states);
                        var loopReturned = new HashSet<State>();
                        while (true)
                        {
                            var round = Statement(loop.Statement, head, context);
                            loopReturned.UnionWith(round.Returned);
                            var before = head.Count;
                            head.UnionWith(round.Normal);
                            if (head.Count == before)
                            {
                                return (head, loopReturned);
                            }
                        }

                    case LocalDeclarationStatementSyntax:
                        return (Map(states, Draw), new HashSet<State>());
                    case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }:
                        return (Invocation(invocation, states, context), new HashSet<State>());
                    default:
                        throw new InvalidOperationException("Not in the generated language: " + statement);
                }
            }

            private HashSet<State> Invocation(InvocationExpressionSyntax invocation, HashSet<State> states, Context context)
            {
                switch (invocation.Expression.ToString())
                {
                    case "torch.manual_seed":
                        return Map(states, state => Seed(state, invocation, context));
                    case "torch.seed":
                        return Map(states, state => state.With(unseeded: true));
                    default:
                        var callee = invocation.Expression.ToString();
                        if (context.Stack.Contains(callee))
                        {
                            throw new CycleException();
                        }

                        context.Stack.Add(callee);
                        var inRoot = context.RootCall < 0;
                        var entered = inRoot ? Map(states, state => state.With(inCall: true, drewInCall: false, seededInCall: false)) : states;
                        var (normal, returned) = Block(_methods[callee], entered, new Context(context.Stack, inRoot ? invocation.SpanStart : context.RootCall));
                        context.Stack.RemoveAt(context.Stack.Count - 1);
                        normal.UnionWith(returned);
                        return inRoot ? Map(normal, state => state.With(inCall: false, drewInCall: false, seededInCall: false)) : normal;
                }
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

            private sealed class Context
            {
                public Context(List<string> stack, int rootCall)
                {
                    Stack = stack;
                    RootCall = rootCall;
                }

                /// <summary>The methods being run, root first: a call to one of them is a cycle.</summary>
                public List<string> Stack { get; }

                /// <summary>The position of the call written in the root that is running, or -1 in the root's own code.</summary>
                public int RootCall { get; }
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
