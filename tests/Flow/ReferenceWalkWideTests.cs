using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Seeding.Analyzers.Flow;
using Xunit;
using Xunit.Abstractions;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The engine against the reference walk's interpreter
    /// (<see cref="ReferenceWalkTests.ReferenceInterpreter"/>) on random programs of a wider
    /// language than <see cref="ReferenceWalkTests"/>'s: besides seeds, reseeds, draws, calls,
    /// if/else, for loops, return and throw, while and do-while loops (endless ones left by
    /// break) and switches, with break and continue; try/catch, try/finally and
    /// try/catch/finally, with returns, throws, breaks and continues leaving through the
    /// finally, throws caught by the catch, and throws out of a called body into its caller's
    /// catch or finally; local lambdas run through their delegate, and local functions, each run zero, one
    /// or more times; calls through an interface with two implementations and of a virtual
    /// method with an override (which may call <c>base</c>); and <c>new</c> of a class and its
    /// subclass, with field initialisers, declared or implicit constructors and
    /// <c>: base()</c>. Each program has 2 to 8 methods and constructors (besides initialisers,
    /// lambdas and local functions). Every method and constructor whose run reaches no cycle is
    /// compared, entered unseeded and seeded: the effect's four flags and the late seeds. The
    /// generator's seed is fixed, so every run sees the same programs.
    /// </summary>
    public sealed class ReferenceWalkWideTests
    {
        private const int Programs = 200;

        /// <summary>A draw, then a throw out of a try whose finally seeds: the seed is late on that path.</summary>
        private const string FinallyOnThrow = @"
static class P
{
    internal static void M0()
    {
        try
        {
            var x0 = torch.rand(1);
            throw new System.Exception();
        }
        finally
        {
            torch.manual_seed(1);
        }
    }
}";

        /// <summary>A callee draws and throws; the caller's catch seeds: the seed is late on that path.</summary>
        private const string ThrowIntoCallersCatch = @"
static class P
{
    internal static void M0()
    {
        try
        {
            P.M1();
        }
        catch (System.Exception)
        {
            torch.manual_seed(1);
        }
    }
    internal static void M1()
    {
        var x0 = torch.rand(1);
        throw new System.Exception();
    }
}";

        /// <summary>A draw, then a break out of a try whose finally seeds: the seed is late on that path (and so with continue).</summary>
        private const string BreakThroughFinally = @"
static class P
{
    internal static bool Cond() => System.Environment.TickCount > 0;
    internal static void M0()
    {
        while (P.Cond())
        {
            try
            {
                var x0 = torch.rand(1);
                break;
            }
            finally
            {
                torch.manual_seed(1);
            }
        }
    }
}";

        private readonly ITestOutputHelper _output;

        public ReferenceWalkWideTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>Every compared answer: the effect's four flags and the late seeds, entered unseeded and seeded.</summary>
        [Fact]
        public void TheEngineAgreesWithTheReferenceOnLoopsTriesLambdasDispatchAndConstructors()
        {
            var random = new Random(20_261_203);
            var runs = new Runs();
            var disagreements = new List<string>();
            for (var program = 0; program < Programs; program++)
            {
                var source = WideProgramGenerator.Generate(random);
                disagreements.AddRange(Compare(source, runs).Select(d => $"program {program}, {d}"));
            }

            _output.WriteLine($"{Programs} programs, {runs.Compared} runs compared ({runs.OfConstructors} of constructors, {runs.OfImplementations} of implementations), {runs.Cycles} reaching a cycle not compared, {disagreements.Count} disagreements");
            _output.WriteLine("compared runs that ran each shape: " + string.Join(", ", runs.Shapes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + " " + s.Value)));
            Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {runs.Compared} disagree; shortest:\n{string.Join("\n", disagreements.OrderBy(d => d.Length).Take(2))}");
            Assert.True(runs.Compared > 5 * Programs, $"Too few runs without cycles were compared ({runs.Compared})");
            Assert.True(runs.OfConstructors > Programs / 10 && runs.OfImplementations > Programs / 10, $"Too few runs of constructors ({runs.OfConstructors}) or implementations ({runs.OfImplementations}) were compared");
            foreach (var shape in new[] { "break", "continue", "while", "do", "switch", "catch", "finally", "lambda", "local function", "dispatch", "new" })
            {
                Assert.True(runs.Shapes.TryGetValue(shape, out var count) && count > Programs / 10, $"Too few compared runs ran a {shape} ({count})");
            }
        }

        /// <summary>
        /// The three shapes this comparison found the engine getting wrong, each as its smallest
        /// program: it ran a finally only on the try's normal end, its catches' and its returns (a
        /// throw ended the path, a break or continue went straight to its loop), and a callee's
        /// effect had only the states it returns in, so a caller's catch never started from the
        /// state a throw left the callee in. In each, <c>M0</c> entered unseeded now has the
        /// <c>torch.manual_seed(1)</c> as a late seed, as in C#.
        /// </summary>
        [Theory]
        [InlineData(FinallyOnThrow)]
        [InlineData(ThrowIntoCallersCatch)]
        [InlineData(BreakThroughFinally)]
        public void TheEngineAgreesWithTheReferenceOnTheShapesItOnceGotWrong(string source)
        {
            var runs = new Runs();
            var disagreements = Compare(source, runs);
            Assert.True(runs.Compared > 0 && disagreements.Count == 0, string.Join("\n", disagreements));
        }

        /// <summary>The disagreements on one program, every body with a block entered unseeded and seeded.</summary>
        private static List<string> Compare(string source, Runs runs)
        {
            var disagreements = new List<string>();
            var compilation = FlowTestKit.Compile(source);
            var solver = new Solver(FlowTestKit.Summarize(compilation));
            var reference = new ReferenceWalkTests.ReferenceInterpreter(compilation);
            foreach (var root in reference.Roots)
            {
                foreach (var entry in new[] { Entry.Unseeded, Entry.Seeded })
                {
                    if (reference.Run(root, entry) is not { } expected)
                    {
                        runs.Cycles++;
                        continue; // a cycle is reachable: the reference is not exact there
                    }

                    runs.Compared++;
                    runs.OfConstructors += root.EndsWith(".#ctor", StringComparison.Ordinal) ? 1 : 0;
                    runs.OfImplementations += root.StartsWith("M:P.", StringComparison.Ordinal) || root.EndsWith(".#ctor", StringComparison.Ordinal) ? 0 : 1;
                    var actual = ReferenceWalkTests.EngineAnswer(solver, root, entry);
                    if (actual != expected)
                    {
                        disagreements.Add($"{root} entered {entry}:\n  reference {expected}\n  engine    {actual}\n{source}");
                    }
                }
            }

            foreach (var shape in reference.ShapesRun)
            {
                runs.Shapes[shape.Key] = runs.Shapes.TryGetValue(shape.Key, out var count) ? count + shape.Value : shape.Value;
            }

            return disagreements;
        }

        /// <summary>What was compared: runs, runs not compared, and how many compared runs ran each shape.</summary>
        private sealed class Runs
        {
            public int Compared { get; set; }

            public int OfConstructors { get; set; }

            public int OfImplementations { get; set; }

            public int Cycles { get; set; }

            public Dictionary<string, int> Shapes { get; } = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        /// <summary>
        /// Random programs of the wider language. Half of them have tries; a throw may be
        /// written anywhere (in a finally in place of a return, which C# does not allow there),
        /// and a break or continue anywhere in a loop but in a finally, which C# does not let them leave.
        /// </summary>
        internal sealed class WideProgramGenerator
        {
            private readonly Random _random;
            private readonly StringBuilder _source = new StringBuilder();
            private int _methods;
            private bool _interface;
            private bool _virtual;
            private bool _constructors;
            private bool _tries;
            private int _names;

            private WideProgramGenerator(Random random)
            {
                _random = random;
            }

            public static string Generate(Random random) => new WideProgramGenerator(random).Program();

            private string Program()
            {
                _interface = _random.Next(2) == 0;
                _virtual = _random.Next(2) == 0;
                _constructors = _random.Next(2) == 0;
                var kinds = (_interface ? 1 : 0) + (_virtual ? 1 : 0) + (_constructors ? 1 : 0);
                _methods = _random.Next(kinds == 0 ? 3 : 2, Math.Max(3, 9 - (2 * kinds)));
                _tries = _random.Next(2) == 0;

                _source.Append("static class P\n{\n    internal static bool Cond() => System.Environment.TickCount > 0;\n    internal static int N() => 2;\n");
                if (_interface)
                {
                    _source.Append("    internal static I Obj;\n");
                }

                if (_virtual)
                {
                    _source.Append("    internal static V0 Virt;\n");
                }

                for (var m = 0; m < _methods; m++)
                {
                    _source.Append("    internal static void M").Append(m).Append("()\n    {\n");
                    Body(Top(m, inClass: false), indent: 2);
                    _source.Append("    }\n");
                }

                _source.Append("}\n");
                if (_interface)
                {
                    _source.Append("interface I\n{\n    void Go();\n}\n");
                    foreach (var name in new[] { "A", "B" })
                    {
                        _source.Append("sealed class ").Append(name).Append(" : I\n{\n    public void Go()\n    {\n");
                        Body(Top(Boundary, inClass: true), indent: 2);
                        _source.Append("    }\n}\n");
                    }
                }

                if (_virtual)
                {
                    _source.Append("class V0\n{\n    public virtual void Run()\n    {\n");
                    Body(Top(Boundary, inClass: true), indent: 2);
                    _source.Append("    }\n}\nsealed class V1 : V0\n{\n    public override void Run()\n    {\n");
                    Body(Top(Boundary, inClass: true, inOverride: true), indent: 2);
                    _source.Append("    }\n}\n");
                }

                if (_constructors)
                {
                    Class("K0", baseName: null);
                    Class("K1", baseName: "K0");
                }

                return _source.ToString();
            }

            /// <summary>A class made by <c>new</c>: field initialisers, and a declared constructor or none.</summary>
            private void Class(string name, string? baseName)
            {
                _source.Append("class ").Append(name).Append(baseName is null ? string.Empty : " : " + baseName).Append("\n{\n");
                for (var count = _random.Next(3); count > 0; count--)
                {
                    _source.Append("    object f").Append(_names++).Append(" = ").Append(_random.Next(5) switch
                    {
                        0 => "torch.manual_seed(1)",
                        1 => "torch.seed()",
                        2 when baseName is not null => "new K0()",
                        _ => "torch.rand(1)",
                    }).Append(";\n");
                }

                if (_random.Next(3) != 0)
                {
                    _source.Append("    public ").Append(name).Append("()").Append(baseName is not null && _random.Next(2) == 0 ? " : base()" : string.Empty).Append("\n    {\n");
                    Body(Top(Boundary, inClass: true), indent: 2);
                    _source.Append("    }\n");
                }

                _source.Append("}\n");
            }

            /// <summary>A member's code: perhaps a lambda first, statements, perhaps a local function last.</summary>
            private void Body(Scope scope, int indent)
            {
                var pad = new string(' ', indent * 4);
                if (_random.Next(3) == 0)
                {
                    var lambda = "a" + _names++;
                    _source.Append(pad).Append("System.Action ").Append(lambda).Append(" = () =>\n").Append(pad).Append("{\n");
                    Statements(Top(scope.Level, scope.InClass), depth: 1, indent + 1);
                    _source.Append(pad).Append("};\n");
                    scope.Runnable.Add(lambda);
                }

                string? localFunction = null;
                if (_random.Next(4) == 0)
                {
                    localFunction = "L" + _names++;
                    scope.Runnable.Add(localFunction);
                }

                Statements(scope, depth: 0, indent);
                if (localFunction is not null)
                {
                    _source.Append(pad).Append("void ").Append(localFunction).Append("()\n").Append(pad).Append("{\n");
                    Statements(Top(scope.Level, scope.InClass), depth: 1, indent + 1);
                    _source.Append(pad).Append("}\n");
                }
            }

            private void Statements(Scope scope, int depth, int indent)
            {
                var count = _random.Next(1, depth == 0 ? 5 : 3);
                for (var s = 0; s < count; s++)
                {
                    Statement(scope, depth, indent);
                }
            }

            private void Statement(Scope scope, int depth, int indent)
            {
                var pad = new string(' ', indent * 4);
                var pick = _random.Next(depth < 2 ? 31 : 19);
                switch (pick)
                {
                    case < 3:
                        _source.Append(pad).Append("torch.manual_seed(1);\n");
                        break;
                    case < 5:
                        _source.Append(pad).Append("torch.seed();\n");
                        break;
                    case < 8:
                        _source.Append(pad).Append("var x").Append(_names++).Append(" = torch.rand(1);\n");
                        break;
                    case < 11:
                        _source.Append(pad).Append("P.M").Append(Callee(scope)).Append("();\n");
                        break;
                    case < 13 when (_interface || _virtual) && MayReachTheClasses(scope):
                        var throughInterface = _interface && (!_virtual || _random.Next(2) == 0);
                        _source.Append(pad).Append(throughInterface ? "P.Obj.Go();\n" : scope.InOverride && _random.Next(2) == 0 ? "base.Run();\n" : "P.Virt.Run();\n");
                        break;
                    case < 15 when _constructors && MayReachTheClasses(scope):
                        _source.Append(pad).Append("var k").Append(_names++).Append(" = new K").Append(_random.Next(2)).Append("();\n");
                        break;
                    case < 17 when scope.Runnable.Count > 0:
                        _source.Append(pad).Append(scope.Runnable[_random.Next(scope.Runnable.Count)]).Append("();\n");
                        break;
                    case 17:
                        if (!scope.CanReturn || _random.Next(2) == 0)
                        {
                            _source.Append(pad).Append("throw new System.Exception();\n");
                        }
                        else if (scope.CanReturn)
                        {
                            _source.Append(pad).Append("return;\n");
                        }

                        break;
                    case 18:
                        if (scope.InLoop)
                        {
                            _source.Append(pad).Append(_random.Next(2) == 0 ? "break;\n" : "continue;\n");
                        }

                        break;
                    case < 19:
                        break; // a call the scope may not make
                    case < 21:
                        _source.Append(pad).Append("if (P.Cond())\n").Append(pad).Append("{\n");
                        Statements(scope.Inside(), depth + 1, indent + 1);
                        _source.Append(pad).Append("}\n").Append(pad).Append("else\n").Append(pad).Append("{\n");
                        Statements(scope.Inside(), depth + 1, indent + 1);
                        _source.Append(pad).Append("}\n");
                        break;
                    case 21:
                        var i = "i" + _names++;
                        _source.Append(pad).Append("for (int ").Append(i).Append(" = 0; ").Append(i).Append(" < P.N(); ").Append(i).Append("++)\n").Append(pad).Append("{\n");
                        Statements(scope.Inside(inLoop: true), depth + 1, indent + 1);
                        _source.Append(pad).Append("}\n");
                        break;
                    case 22:
                        _source.Append(pad).Append("while (P.Cond())\n").Append(pad).Append("{\n");
                        Statements(scope.Inside(inLoop: true), depth + 1, indent + 1);
                        _source.Append(pad).Append("}\n");
                        break;
                    case 23:
                        // Endless but for the break, which comes first or last in the round.
                        var breakFirst = _random.Next(2) == 0;
                        _source.Append(pad).Append("while (true)\n").Append(pad).Append("{\n");
                        if (breakFirst)
                        {
                            _source.Append(pad).Append("    if (P.Cond()) break;\n");
                        }

                        Statements(scope.Inside(inLoop: true), depth + 1, indent + 1);
                        if (!breakFirst)
                        {
                            _source.Append(pad).Append("    if (P.Cond()) break;\n");
                        }

                        _source.Append(pad).Append("}\n");
                        break;
                    case 24:
                        _source.Append(pad).Append("do\n").Append(pad).Append("{\n");
                        Statements(scope.Inside(inLoop: true), depth + 1, indent + 1);
                        _source.Append(pad).Append("}\n").Append(pad).Append("while (P.Cond());\n");
                        break;
                    case 25:
                        // Each section left by its break; a break or continue inside goes to the
                        // switch or an enclosing loop, with no finally on the way.
                        _source.Append(pad).Append("switch (P.N())\n").Append(pad).Append("{\n");
                        var sections = _random.Next(1, 3);
                        var withDefault = _random.Next(2) == 0;
                        for (var section = 0; section < sections + (withDefault ? 1 : 0); section++)
                        {
                            _source.Append(pad).Append(section < sections ? "    case " + section + ":\n" : "    default:\n");
                            Statements(scope.Inside(), depth + 1, indent + 2);
                            _source.Append(pad).Append("        break;\n");
                        }

                        _source.Append(pad).Append("}\n");
                        break;
                    default:
                        if (!_tries)
                        {
                            _source.Append(pad).Append("var x").Append(_names++).Append(" = torch.rand(1);\n");
                            break;
                        }

                        var withCatch = _random.Next(3) != 0;
                        var withFinally = !withCatch || _random.Next(2) == 0;
                        _source.Append(pad).Append("try\n").Append(pad).Append("{\n");
                        Statements(scope.Inside(), depth + 1, indent + 1);
                        _source.Append(pad).Append("}\n");
                        if (withCatch)
                        {
                            _source.Append(pad).Append("catch (System.Exception)\n").Append(pad).Append("{\n");
                            Statements(scope.Inside(), depth + 1, indent + 1);
                            _source.Append(pad).Append("}\n");
                        }

                        if (withFinally)
                        {
                            _source.Append(pad).Append("finally\n").Append(pad).Append("{\n");
                            Statements(scope.Inside(inLoop: false, canReturn: false), depth + 1, indent + 1);
                            _source.Append(pad).Append("}\n");
                        }

                        break;
                }
            }

            /// <summary>
            /// The members of the other classes call P's methods as if they were P's method at this
            /// level (so mostly those after it), and only P's methods up to it call into them: so
            /// most runs reach no cycle.
            /// </summary>
            private int Boundary => (_methods - 1) / 2;

            /// <summary>The method a call goes to: mostly a later one than the scope's level.</summary>
            private int Callee(Scope scope)
                => scope.Level + 1 < _methods && _random.Next(4) != 0 ? _random.Next(scope.Level + 1, _methods) : _random.Next(_methods);

            /// <summary>A call through the interface or the virtual method, or a <c>new</c>, mostly only where it makes no cycle.</summary>
            private bool MayReachTheClasses(Scope scope) => scope.InClass ? _random.Next(4) == 0 : scope.Level <= Boundary;

            /// <summary>The scope at the start of a member, lambda or local function.</summary>
            private Scope Top(int level, bool inClass, bool inOverride = false)
                => new Scope { Level = level, InClass = inClass, InOverride = inOverride };

            /// <summary>What a statement may be where it is written.</summary>
            private sealed class Scope
            {
                /// <summary>The index of the method of P whose code this is (its lambda's or local function's too); <see cref="Boundary"/> in the other classes.</summary>
                public int Level { get; init; }

                /// <summary>In a member of a class other than P.</summary>
                public bool InClass { get; init; }

                public bool InOverride { get; init; }

                /// <summary>A break or continue here goes to a loop (C# lets none leave a finally).</summary>
                public bool InLoop { get; init; }

                /// <summary>Not in a finally.</summary>
                public bool CanReturn { get; init; } = true;

                /// <summary>The lambdas and local functions that may be run here.</summary>
                public List<string> Runnable { get; init; } = new List<string>();

                public Scope Inside(bool? inLoop = null, bool? canReturn = null)
                    => new Scope
                    {
                        Level = Level,
                        InClass = InClass,
                        InOverride = InOverride,
                        InLoop = inLoop ?? InLoop,
                        CanReturn = canReturn ?? CanReturn,
                        Runnable = Runnable,
                    };
            }
        }
    }
}
