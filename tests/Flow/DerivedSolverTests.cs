using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Tests.Infrastructure;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// A solver derived from the previous compilation's after an edit that changes what a body
    /// does (a seed, draw or call added or removed: the effects cannot all be carried) answers
    /// exactly as a solver built afresh: the effects it carries (of bodies that cannot run the
    /// edited ones) and the ones it solves again are the fresh solver's. Checked on random
    /// programs, one method per file, where an edit replaces one file.
    /// </summary>
    public sealed class DerivedSolverTests
    {
        private const int Programs = 60;

        [Fact]
        public void AfterAFlowChangingEditTheDerivedSolverAnswersAsAFreshOne()
        {
            var random = new Random(20_261_201);
            var compared = 0;
            var carried = 0;
            var disagreements = new List<string>();
            for (var program = 0; program < Programs; program++)
            {
                var methods = Methods(ReferenceWalkTests.ProgramGenerator.Generate(random, withReseed: true));
                string[] replacements;
                do
                {
                    replacements = Methods(ReferenceWalkTests.ProgramGenerator.Generate(random, withReseed: true));
                }
                while (replacements.Length > methods.Length); // its calls must name methods of the first program

                var edited = random.Next(replacements.Length);
                var before = Summaries(methods);
                var editedMethods = (string[])methods.Clone();
                editedMethods[edited] = replacements[edited];
                var after = Summaries(editedMethods);

                // The unchanged files keep their summaries (the same objects, as in an editor).
                var removed = before[edited + 1];
                var added = after[edited + 1];
                var kept = before.Where((_, i) => i != edited + 1).SelectMany(bodies => bodies).ToList();

                var previous = new Solver(before.SelectMany(bodies => bodies));
                SolveAll(previous, before.SelectMany(bodies => bodies));
                var derived = new Solver(previous, removed, added, sameEffects: false);
                carried += derived.SolvedCount;
                var fresh = new Solver(kept.Concat(added));
                foreach (var body in kept.Concat(added))
                {
                    foreach (var entry in new[] { Entry.Unseeded, Entry.Seeded, Entry.Either })
                    {
                        compared++;
                        var expected = fresh.EffectOf(fresh.CallableOf(body), entry, Generator.TorchCpu);
                        var actual = derived.EffectOf(derived.CallableOf(body), entry, Generator.TorchCpu);
                        if (!expected.Equals(actual))
                        {
                            disagreements.Add($"program {program}, edited M{edited}, {body.Key} entered {entry}: fresh {FlowTestKit.Describe(expected)}, derived {FlowTestKit.Describe(actual)}");
                        }
                    }
                }
            }

            Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {compared} disagree; first:\n{string.Join("\n", disagreements.Take(5))}");
            Assert.True(carried > Programs, $"Too few effects were carried to test carrying ({carried})");
        }

        /// <summary>Every effect of every body, solved, so that the next solver has something to carry.</summary>
        private static void SolveAll(Solver solver, IEnumerable<BodySummary> bodies)
        {
            foreach (var body in bodies)
            {
                foreach (var entry in new[] { Entry.Unseeded, Entry.Seeded, Entry.Either })
                {
                    solver.EffectOf(solver.CallableOf(body), entry, Generator.TorchCpu);
                }
            }
        }

        /// <summary>The methods of a generated program (<c>static void Mk() { ... }</c>), each as its own text.</summary>
        private static string[] Methods(string source)
        {
            var starts = Regex.Matches(source, @"^    static void M\d+\(\)$", RegexOptions.Multiline).Select(match => match.Index).ToList();
            var end = source.LastIndexOf('}');
            var methods = new string[starts.Count];
            for (var i = 0; i < starts.Count; i++)
            {
                methods[i] = source.Substring(starts[i], (i + 1 < starts.Count ? starts[i + 1] : end) - starts[i]);
            }

            return methods;
        }

        /// <summary>The summaries of each file: first the helpers the methods call, then one file per method.</summary>
        private static List<ImmutableArray<BodySummary>> Summaries(string[] methods)
        {
            var trees = new List<SyntaxTree>
            {
                RobustnessHarness.Parse("static partial class P\n{\n    static bool Cond() => System.Environment.TickCount > 0;\n    static int N() => 2;\n}\n", "/Helpers.cs"),
            };
            for (var i = 0; i < methods.Length; i++)
            {
                trees.Add(RobustnessHarness.Parse("using TorchSharp;\nstatic partial class P\n{\n" + methods[i] + "}\n", $"/M{i}.cs"));
            }

            var compilation = RobustnessHarness.BaseCompilation(Libraries.TorchSharp, OutputKind.DynamicallyLinkedLibrary).AddSyntaxTrees(trees);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The generated program does not compile:\n" + string.Join("\n", errors));
            var knowledge = RandomnessKnowledge.For(compilation);
            var keys = new SymbolKeys();
            var perFile = new List<ImmutableArray<BodySummary>>();
            foreach (var tree in trees)
            {
                perFile.Add(Summarizer.SummarizeTree(knowledge, CudaSignals.TryCreate(compilation), keys, compilation.GetSemanticModel(tree), _ => null, CancellationToken.None));
            }

            return perFile;
        }
    }
}
