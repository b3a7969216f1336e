using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;
using Xunit.Abstractions;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// SEED002's early reports on random two-file programs (a partial class whose methods, field
    /// initialisers, accessor and static constructor fall in either file, with branches, loops,
    /// gotos, tries, switches, lambdas and local functions, virtual calls, constructor chains and
    /// same-named file-local helpers): the first, cold analysis of each file reports exactly what
    /// a complete analysis reports at those places, and full analyses in both file orders report
    /// what the complete analysis does. The complete analysis is the same compilation analysed a
    /// second time, when every tree's summaries are kept and each tree is reported from the whole
    /// program. (Written in a review of the early reports; with the settling check switched off it
    /// fails within a hundred programs.)
    /// </summary>
    public sealed class EarlyReportRandomTests
    {
        private const int Programs = 60;

        private static readonly ImmutableArray<DiagnosticAnalyzer> Rules = ImmutableArray.Create<DiagnosticAnalyzer>(new SeedAfterDrawAnalyzer());

        private static readonly ImmutableArray<DiagnosticAnalyzer> WithEntryPoint = ImmutableArray.Create<DiagnosticAnalyzer>(new SeedAfterDrawAnalyzer(), new MissingTorchSeedAnalyzer());

        private readonly ITestOutputHelper _output;

        public EarlyReportRandomTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task EveryEarlyReportIsTheWholeProgramsAndBuildsAgreeInEitherFileOrder()
        {
            var early = await CheckProgramsAsync(new Random(1), withMain: false);
            Assert.True(early[DiagnosticIds.SeedAfterDraw] > Programs, $"Too few early findings ({early[DiagnosticIds.SeedAfterDraw]}): the early path is not exercised");
        }

        /// <summary>
        /// The same with an entry point (<c>Main</c>, in either file, made of the same random
        /// statements) and SEED003 beside SEED002: SEED003's early report (the entry point's file
        /// settles it when nothing <c>Main</c> runs can run the other file's code) is the whole
        /// program's, and a build reports it once.
        /// </summary>
        [Fact]
        public async Task EveryEarlyMissingSeedIsTheWholeProgramsAndBuildsAgreeInEitherFileOrder()
        {
            var early = await CheckProgramsAsync(new Random(3), withMain: true);
            Assert.True(early[DiagnosticIds.MissingTorchSeed] >= Programs / 10, $"Too few early SEED003 findings ({early[DiagnosticIds.MissingTorchSeed]}): its early path is not exercised");
        }

        /// <summary>Checks <see cref="Programs"/> random programs; the early findings (the cold analyses') per rule.</summary>
        private async Task<Dictionary<string, int>> CheckProgramsAsync(Random random, bool withMain)
        {
            var rules = withMain ? WithEntryPoint : Rules;
            var early = rules.SelectMany(rule => rule.SupportedDiagnostics).Select(descriptor => descriptor.Id).Distinct().ToDictionary(id => id, _ => 0);
            var failures = new List<string>();
            for (var i = 0; i < Programs && failures.Count < 2; i++)
            {
                var files = new Gen(random, withMain).Generate();
                var (problems, found) = await CheckAsync(files, rules, withMain ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);
                foreach (var diagnostic in found)
                {
                    early[diagnostic.Id]++;
                }

                if (problems.Count > 0)
                {
                    failures.Add($"program {i}:\n" + string.Join("\n", problems) + "\n" + string.Join("\n", files.Select(f => "=== " + f.Path + "\n" + f.Text)));
                }
            }

            _output.WriteLine($"early findings in {Programs} programs: " + string.Join(", ", early.Select(pair => pair.Key + " " + pair.Value)));
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
            return early;
        }

        /// <summary>Problems: cold findings not matching the complete analysis at their places; full analyses in either order differing from it.</summary>
        private static async Task<(List<string> Problems, List<Diagnostic> Early)> CheckAsync((string Text, string Path)[] files, ImmutableArray<DiagnosticAnalyzer> rules, OutputKind kind)
        {
            var problems = new List<string>();
            var early = new List<Diagnostic>();
            var first = Build(files, kind);
            await FullAsync(first, rules); // keeps every tree's summaries
            var completeDiagnostics = await FullAsync(first, rules); // every tree reported from the whole program
            var complete = Sorted(completeDiagnostics);

            foreach (var order in new[] { files, files.Reverse().ToArray() })
            {
                var full = Sorted(await FullAsync(Build(order, kind), rules));
                if (!full.SequenceEqual(complete))
                {
                    problems.Add("full analysis differs from the complete one:\n  full:     " + string.Join("\n            ", full) + "\n  complete: " + string.Join("\n            ", complete));
                }
            }

            foreach (var file in files)
            {
                var cold = await ColdAsync(Build(files, kind), file.Path, rules);
                early.AddRange(cold);
                var places = new HashSet<string>(cold.Select(Place));
                var coldText = Sorted(cold);
                var completeThere = Sorted(completeDiagnostics.Where(d => places.Contains(Place(d))));
                if (!coldText.SequenceEqual(completeThere))
                {
                    problems.Add("cold " + file.Path + ":\n  cold:     " + string.Join("\n            ", coldText) + "\n  complete: " + string.Join("\n            ", completeThere));
                }
            }

            return (problems, early);
        }

        private static Compilation Build((string Text, string Path)[] files, OutputKind kind)
        {
            var compilation = CSharpCompilation.Create(
                "Early",
                files.Select(file => RobustnessHarness.Parse(file.Text, file.Path)),
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(kind));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + string.Join("\n----\n", files.Select(f => f.Path + "\n" + f.Text)));
            return compilation;
        }

        /// <summary>A full analysis (with SEED002 alone unless <paramref name="rules"/> says otherwise).</summary>
        internal static async Task<ImmutableArray<Diagnostic>> FullAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> rules = default)
            => await compilation.WithAnalyzers(rules.IsDefault ? Rules : rules).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        /// <summary>The first analysis of one file in a cold session: per-document, nothing else analysed.</summary>
        internal static async Task<ImmutableArray<Diagnostic>> ColdAsync(Compilation compilation, string path, ImmutableArray<DiagnosticAnalyzer> rules = default)
        {
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            return await compilation.WithAnalyzers(rules.IsDefault ? Rules : rules).GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, CancellationToken.None);
        }

        /// <summary>Each diagnostic as id, place, message and additional places, sorted.</summary>
        internal static List<string> Sorted(IEnumerable<Diagnostic> diagnostics)
            => diagnostics.Select(Describe).OrderBy(text => text, StringComparer.Ordinal).ToList();

        private static string Describe(Diagnostic d)
            => d.Id + " " + d.Location.SourceTree?.FilePath + d.Location.GetLineSpan().StartLinePosition + "+" + d.Location.SourceSpan.Length + " " + d.GetMessage()
                + " [" + string.Join(",", d.AdditionalLocations.Select(l => l.SourceTree?.FilePath + l.GetLineSpan().StartLinePosition)) + "]";

        private static string Place(Diagnostic d) => d.Location.SourceTree?.FilePath + d.Location.SourceSpan;

        private sealed class Gen
        {
            private readonly Random _r;
            private int _locals;
            private int _methods;
            private readonly StringBuilder[] _files = { new StringBuilder(), new StringBuilder() };

            private readonly bool _withMain;

            public Gen(Random r, bool withMain)
            {
                _r = r;
                _withMain = withMain;
            }

            private sealed class Ctx
            {
                public bool Loop;
                public bool CanReturn = true;
                public bool CanGoto;
                public string? LocalFunction;
                public int Depth;
                public bool InLambda;
                public int File;
                public bool CanEnd;

                public Ctx With(Action<Ctx> change)
                {
                    var copy = (Ctx)MemberwiseClone();
                    copy.Depth++;
                    change(copy);
                    return copy;
                }
            }

            public (string Text, string Path)[] Generate()
            {
                _methods = _r.Next(3, 7);
                foreach (var f in _files)
                {
                    f.Append("using TorchSharp;\n\nstatic partial class P\n{\n");
                }

                _files[0].Append("    internal static bool Cond() => System.Environment.TickCount > 0;\n    internal static int N() => 2;\n    internal static Base Obj = new D();\n");
                _files[_r.Next(2)].Append("    internal static void Run(System.Action a) => a();\n");
                _files[_r.Next(2)].Append("    internal static object Ia()\n    {\n        M" + _r.Next(_methods))
                    .Append("();\n        return null;\n    }\n");
                _files[0].Append("    internal static bool Take(object o) => true;\n");
                _files[_r.Next(2)].Append("    internal static object S0 = torch.rand(1);\n");
                _files[_r.Next(2)].Append("    internal static object S1 = P.Ia();\n");
                var sFile = _r.Next(2);
                _files[sFile].Append("    internal static object S2 = Init();\n    static object Init()\n    {\n");
                Statements(_files[sFile], new Ctx { Depth = 1, File = sFile, CanReturn = false }, 2);
                _files[sFile].Append("        return null;\n    }\n");
                var propFile = _r.Next(2);
                _files[propFile].Append("    internal static int Prop\n    {\n        get\n        {\n");
                Statements(_files[propFile], new Ctx { Depth = 1, CanReturn = false, File = propFile }, 3);
                _files[propFile].Append("            return 1;\n        }\n    }\n");
                if (_r.Next(2) == 0)
                {
                    var cctor = _r.Next(2);
                    _files[cctor].Append("    static P()\n    {\n");
                    Statements(_files[cctor], new Ctx { Depth = 1, File = cctor }, 2);
                    _files[cctor].Append("    }\n");
                }

                for (var m = 0; m < _methods; m++)
                {
                    var fileIndex = _r.Next(2);
                    var sb = _files[fileIndex];
                    sb.Append("    internal static void M").Append(m).Append("()\n    {\n");
                    var hasLocal = _r.Next(3) == 0;
                    var ctx = new Ctx { CanGoto = _r.Next(2) == 0, CanEnd = _r.Next(2) == 0, LocalFunction = hasLocal ? "F" + m : null, File = fileIndex };
                    if (ctx.CanGoto)
                    {
                        sb.Append("        top: ;\n");
                    }

                    Statements(sb, ctx, 2);
                    if (ctx.CanEnd)
                    {
                        sb.Append("        end: ;\n");
                    }

                    if (hasLocal)
                    {
                        sb.Append("        void F").Append(m).Append("()\n        {\n");
                        Statements(sb, new Ctx { Depth = 1, File = fileIndex }, 3);
                        sb.Append("        }\n");
                    }

                    sb.Append("    }\n");
                }

                if (_withMain)
                {
                    // Half the entry points run only their own file's code (the first file holds
                    // P.Cond and P.N), so that the early path has findings to give.
                    var local = _r.Next(2) == 0;
                    var mainFile = local ? 0 : _r.Next(2);
                    _files[mainFile].Append("    static void Main()\n    {\n");
                    if (local)
                    {
                        LocalStatements(_files[mainFile], 0, 2);
                    }
                    else
                    {
                        Statements(_files[mainFile], new Ctx { File = mainFile }, 2);
                    }

                    _files[mainFile].Append("    }\n");
                }

                foreach (var f in _files)
                {
                    f.Append("}\n");
                }

                _files[0].Append("\nabstract class Base\n{\n    public abstract void V();\n}\n");
                var d = _files[_r.Next(2)];
                var dIndex = Array.IndexOf(_files, d);
                d.Append("\nsealed class D : Base\n{\n    public override void V()\n    {\n");
                Statements(d, new Ctx { Depth = 1, File = dIndex }, 2);
                d.Append("    }\n}\n");
                _files[_r.Next(2)].Append("\npartial class K\n{\n    object fa = P.Ia();\n}\n");
                for (var f = 0; f < 2; f++)
                {
                    _files[f].Append("\nfile static class H\n{\n    internal static void Go()\n    {\n");
                    Statements(_files[f], new Ctx { Depth = 1, File = f }, 2);
                    _files[f].Append("    }\n}\n");
                }

                var k2 = _r.Next(2);
                _files[k2].Append("\nclass K2\n{\n    object f1 = torch.rand(1);\n    object f2 = P.Take(null);\n    public K2()\n    {\n");
                Statements(_files[k2], new Ctx { Depth = 1, File = k2 }, 2);
                _files[k2].Append("    }\n\n    public K2(int n) : this()\n    {\n");
                Statements(_files[k2], new Ctx { Depth = 1, File = k2 }, 2);
                _files[k2].Append("    }\n}\n");
                var k3 = _r.Next(2);
                _files[k3].Append("\nclass K3 : K2\n{\n    object f3 = P.Prop;\n    public K3()\n    {\n");
                Statements(_files[k3], new Ctx { Depth = 1, File = k3 }, 2);
                _files[k3].Append("    }\n}\n");
                var kIndex = _r.Next(2);
                var k = _files[kIndex];
                k.Append("\npartial class K\n{\n    public K()\n    {\n");
                Statements(k, new Ctx { Depth = 1, File = kIndex }, 2);
                k.Append("    }\n}\n");
                return new[] { (_files[0].ToString(), "/A.cs"), (_files[1].ToString(), "/B.cs") };
            }

            private void Statements(StringBuilder sb, Ctx ctx, int indent)
            {
                var count = _r.Next(1, ctx.Depth == 0 ? 6 : 3);
                for (var s = 0; s < count; s++)
                {
                    Statement(sb, ctx, indent);
                }
            }

            /// <summary>Statements that call nothing outside the first file: seeds, draws, branches, loops, a lambda run, try/finally.</summary>
            private void LocalStatements(StringBuilder sb, int depth, int indent)
            {
                var pad = new string(' ', indent * 4);
                for (var count = _r.Next(1, depth == 0 ? 6 : 3); count > 0; count--)
                {
                    switch (_r.Next(depth < 2 ? 9 : 4))
                    {
                        case 0:
                            sb.Append(pad).Append("torch.manual_seed(1);\n");
                            break;
                        case 1:
                            sb.Append(pad).Append("torch.seed();\n");
                            break;
                        case 2:
                        case 3:
                            sb.Append(pad).Append("var x").Append(_locals++).Append(" = torch.rand(1);\n");
                            break;
                        case 4:
                            sb.Append(pad).Append("if (P.Cond()) return;\n");
                            break;
                        case 5:
                            sb.Append(pad).Append("if (P.Cond())\n").Append(pad).Append("{\n");
                            LocalStatements(sb, depth + 1, indent + 1);
                            sb.Append(pad).Append("}\n").Append(pad).Append("else\n").Append(pad).Append("{\n");
                            LocalStatements(sb, depth + 1, indent + 1);
                            sb.Append(pad).Append("}\n");
                            break;
                        case 6:
                            sb.Append(pad).Append("for (int i").Append(_locals).Append(" = 0; i").Append(_locals).Append(" < P.N(); i").Append(_locals++).Append("++)\n").Append(pad).Append("{\n");
                            LocalStatements(sb, depth + 1, indent + 1);
                            sb.Append(pad).Append("}\n");
                            break;
                        case 7:
                            sb.Append(pad).Append("System.Array.ForEach(new[] { 1 }, _ =>\n").Append(pad).Append("{\n");
                            LocalStatements(sb, depth + 1, indent + 1);
                            sb.Append(pad).Append("});\n");
                            break;
                        default:
                            sb.Append(pad).Append("try\n").Append(pad).Append("{\n");
                            LocalStatements(sb, depth + 1, indent + 1);
                            sb.Append(pad).Append("}\n").Append(pad).Append("finally\n").Append(pad).Append("{\n");
                            LocalStatements(sb, depth + 2, indent + 1);
                            sb.Append(pad).Append("}\n");
                            break;
                    }
                }
            }

            private void Statement(StringBuilder sb, Ctx ctx, int indent)
            {
                var pad = new string(' ', indent * 4);
                var pick = _r.Next(ctx.Depth < 3 ? 48 : 16);
                if (pick == 14 || pick == 15)
                {
                    pick = _r.Next(3) == 0 ? pick : 32 + _r.Next(8);
                }

                if (pick >= 32)
                {
                    switch (pick)
                    {
                        case 32:
                            sb.Append(pad).Append("H.Go();\n");
                            return;
                        case 33:
                            sb.Append(pad).Append(_r.Next(2) == 0 ? "new K2();\n" : _r.Next(2) == 0 ? "new K2(1);\n" : "new K3();\n");
                            return;
                        case 34:
                            sb.Append(pad).Append("var y").Append(_locals++).Append(" = P.Prop;\n");
                            return;
                        case 35:
                            if (ctx.CanEnd)
                            {
                                sb.Append(pad).Append("if (P.Cond()) goto end;\n");
                            }
                            else
                            {
                                sb.Append(pad).Append("P.Take(torch.manual_seed(1));\n");
                            }

                            return;
                        case 36:
                            var i = "i" + _locals++;
                            var cond = _r.Next(2) == 0 ? "P.Take(torch.manual_seed(1))" : "P.Take(torch.rand(1))";
                            var inc = _r.Next(2) == 0 ? i + "++" : i + " += P.Take(torch.rand(1)) ? 1 : 2";
                            sb.Append(pad).Append("for (int ").Append(i).Append(" = 0; ").Append(cond).Append(" && ").Append(i).Append(" < P.N(); ").Append(inc).Append(")\n").Append(pad).Append("{\n");
                            Statements(sb, ctx.With(c => c.Loop = true), indent + 1);
                            sb.Append(pad).Append("}\n");
                            return;
                        case 37:
                            sb.Append(pad).Append("P.Take(P.Take(torch.rand(1)) ? torch.manual_seed(1) : null);\n");
                            return;
                        case 38:
                            sb.Append(pad).Append("P.Run(P.M").Append(_r.Next(_methods)).Append(");\n");
                            return;
                        case 39:
                            var act = "g" + _locals++;
                            sb.Append(pad).Append("System.Action ").Append(act).Append(" = P.M").Append(_r.Next(_methods)).Append(";\n");
                            sb.Append(pad).Append("if (P.Cond()) ").Append(act).Append(" = P.M").Append(_r.Next(_methods)).Append(";\n");
                            sb.Append(pad).Append(act).Append("();\n");
                            return;
                        case 40:
                            sb.Append(pad).Append("try\n").Append(pad).Append("{\n");
                            Statements(sb, ctx.With(_ => { }), indent + 1);
                            sb.Append(pad).Append("}\n").Append(pad).Append("catch (System.Exception) when (P.Take(torch.rand(1)))\n").Append(pad).Append("{\n");
                            Statements(sb, ctx.With(_ => { }), indent + 1);
                            sb.Append(pad).Append("}\n");
                            return;
                        case 41:
                            sb.Append(pad).Append("using (new System.IO.MemoryStream())\n").Append(pad).Append("{\n");
                            Statements(sb, ctx.With(_ => { }), indent + 1);
                            sb.Append(pad).Append("}\n");
                            return;
                        case 42:
                            sb.Append(pad).Append("var z").Append(_locals++).Append(" = P.Obj?.ToString() ?? (P.Take(torch.manual_seed(1)) ? \"a\" : \"b\");\n");
                            return;
                        case 43:
                            sb.Append(pad).Append("var w").Append(_locals++).Append(" = P.S").Append(_r.Next(2)).Append(";\n");
                            return;
                        default:
                            sb.Append(pad).Append("P.M").Append(_r.Next(_methods)).Append("();\n");
                            return;
                    }
                }

                switch (pick)
                {
                    case < 3:
                        sb.Append(pad).Append("torch.manual_seed(1);\n");
                        break;
                    case < 4:
                        sb.Append(pad).Append("torch.seed();\n");
                        break;
                    case < 8:
                        sb.Append(pad).Append("var x").Append(_locals++).Append(" = torch.rand(1);\n");
                        break;
                    case < 12:
                        sb.Append(pad).Append("P.M").Append(_r.Next(_methods)).Append("();\n");
                        break;
                    case 12:
                        if (ctx.CanReturn)
                        {
                            sb.Append(pad).Append("if (P.Cond()) return;\n");
                        }
                        else
                        {
                            sb.Append(pad).Append("if (P.Cond()) throw new System.Exception();\n");
                        }

                        break;
                    case 13:
                        if (ctx.CanGoto)
                        {
                            sb.Append(pad).Append("if (P.Cond()) goto top;\n");
                        }
                        else if (ctx.Loop)
                        {
                            var jump = _r.Next(2) == 0
                                ? "if (P.Cond()) break;\n"
                                : "if (P.Cond()) continue;\n";
                            sb.Append(pad).Append(jump);
                        }

                        break;
                    case 14:
                        if (ctx.LocalFunction is not null)
                        {
                            sb.Append(pad).Append(ctx.LocalFunction).Append("();\n");
                        }
                        else
                        {
                            sb.Append(pad).Append("P.Obj.V();\n");
                        }

                        break;
                    case 15:
                        sb.Append(pad).Append(_r.Next(2) == 0 ? "new K();\n" : "P.Obj.V();\n");
                        break;
                    case < 18:
                        sb.Append(pad).Append("if (P.Cond())\n").Append(pad).Append("{\n");
                        Statements(sb, ctx.With(_ => { }), indent + 1);
                        sb.Append(pad).Append("}\n").Append(pad).Append("else\n").Append(pad).Append("{\n");
                        Statements(sb, ctx.With(_ => { }), indent + 1);
                        sb.Append(pad).Append("}\n");
                        break;
                    case < 20:
                        var i = "i" + _locals++;
                        sb.Append(pad).Append("for (int ").Append(i).Append(" = 0; ").Append(i).Append(" < P.N(); ").Append(i).Append("++)\n").Append(pad).Append("{\n");
                        Statements(sb, ctx.With(c => c.Loop = true), indent + 1);
                        sb.Append(pad).Append("}\n");
                        break;
                    case 20:
                        sb.Append(pad).Append("while (true)\n").Append(pad).Append("{\n");
                        Statements(sb, ctx.With(c => c.Loop = true), indent + 1);
                        sb.Append(pad).Append("    if (P.Cond()) break;\n");
                        sb.Append(pad).Append("}\n");
                        break;
                    case < 24:
                        // try with catch, finally, or both
                        var kind = _r.Next(3);
                        sb.Append(pad).Append("try\n").Append(pad).Append("{\n");
                        Statements(sb, ctx.With(_ => { }), indent + 1);
                        sb.Append(pad).Append("}\n");
                        if (kind != 1)
                        {
                            sb.Append(pad).Append("catch (System.Exception)\n").Append(pad).Append("{\n");
                            Statements(sb, ctx.With(_ => { }), indent + 1);
                            sb.Append(pad).Append("}\n");
                        }

                        if (kind != 0)
                        {
                            sb.Append(pad).Append("finally\n").Append(pad).Append("{\n");
                            Statements(sb, ctx.With(c => { c.CanReturn = false; c.CanGoto = false; c.CanEnd = false; c.Loop = false; }), indent + 1);
                            sb.Append(pad).Append("}\n");
                        }

                        break;
                    case < 26:
                        var runner = _r.Next(2) == 0 ? "P.Run(() =>" : "System.Array.ForEach(new[] { 1 }, _ =>";
                        sb.Append(pad).Append(runner).Append("\n").Append(pad).Append("{\n");
                        Statements(sb, ctx.With(c => { c.CanReturn = true; c.CanGoto = false; c.CanEnd = false; c.Loop = false; c.LocalFunction = null; c.InLambda = true; }), indent + 1);
                        sb.Append(pad).Append("});\n");
                        break;
                    case < 28:
                        sb.Append(pad).Append("switch (P.N())\n").Append(pad).Append("{\n").Append(pad).Append("    case 1:\n");
                        Statements(sb, ctx.With(c => c.Loop = false), indent + 2);
                        sb.Append(pad).Append("        break;\n").Append(pad).Append("    default:\n");
                        Statements(sb, ctx.With(c => c.Loop = false), indent + 2);
                        sb.Append(pad).Append("        break;\n").Append(pad).Append("}\n");
                        break;
                    case < 30:
                        // an action local invoked twice
                        var a = "a" + _locals++;
                        sb.Append(pad).Append("System.Action ").Append(a).Append(" = () =>\n").Append(pad).Append("{\n");
                        Statements(sb, ctx.With(c => { c.CanReturn = true; c.CanGoto = false; c.CanEnd = false; c.Loop = false; c.LocalFunction = null; c.InLambda = true; }), indent + 1);
                        sb.Append(pad).Append("};\n");
                        sb.Append(pad).Append(a).Append("();\n");
                        sb.Append(pad).Append("if (P.Cond()) ").Append(a).Append("();\n");
                        break;
                    default:
                        sb.Append(pad).Append("do\n").Append(pad).Append("{\n");
                        Statements(sb, ctx.With(c => c.Loop = true), indent + 1);
                        sb.Append(pad).Append("}\n").Append(pad).Append("while (P.Cond());\n");
                        break;
                }
            }
        }
    }
}
