using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Knowledge
{
    /// <summary>Seed parameters and run-dependent members, against the real assemblies.</summary>
    public sealed class SeedKnowledgeTests
    {
        private const Libraries All = Libraries.TorchVision | Libraries.MicrosoftML | Libraries.MathNet;

        private static CSharpCompilation Compile(string source, Libraries libraries)
            => CSharpCompilation.Create(
                "SeedKnowledge",
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.For(libraries),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        [Fact]
        public void EverySystemSeedSourceRowResolvesAgainstNet10()
        {
            var knowledge = RandomnessKnowledge.For(Compile(string.Empty, Libraries.None));
            var resolved = knowledge.Members.Select(pair => pair.Value).ToHashSet();

            var unresolved = Inventory.Entries
                .Where(entry => entry.Library == "System" && entry.Role == RandomnessRole.NondeterministicSeedSource && !resolved.Contains(entry))
                .Select(entry => entry.ToString() + "(" + string.Join(", ", entry.ParameterTypes ?? System.Collections.Immutable.ImmutableArray<string>.Empty) + ")")
                .ToList();

            Assert.True(unresolved.Count == 0, "Unresolved inventory rows:\n" + string.Join("\n", unresolved));
        }

        [Fact]
        public void SeedParametersAreFoundForEverySeedingApiAndOnlyThere()
        {
            var compilation = Compile("""
                using TorchSharp;
                using Microsoft.ML;
                using MathNet.Numerics.Random;

                static class C
                {
                    static void M(torch.utils.data.Dataset dataset, torch.Generator g)
                    {
                        var random = new System.Random(1);
                        var unseeded = new System.Random();
                        var global = torch.manual_seed(1);
                        var own = new torch.Generator(1);
                        var reseeded = g.manual_seed(1);
                        var ml = new MLContext(1);
                        var loader = torch.utils.data.DataLoader(dataset, 8, true, seed: 1);
                        var twister = new MersenneTwister(1);
                        var tensor = torch.rand(3);
                        var split = ml.Data.TrainTestSplit(null, seed: 1);
                    }
                }
                """, All);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var knowledge = SeedKnowledge.For(compilation);
            var model = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
            var seeds = compilation.SyntaxTrees[0].GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().ToDictionary(
                declarator => declarator.Identifier.Text,
                declarator => ((IVariableDeclaratorOperation)model.GetOperation(declarator)!).Initializer!.Value switch
                {
                    IInvocationOperation invocation => knowledge.SeedParameter(invocation.TargetMethod),
                    IObjectCreationOperation creation => knowledge.SeedParameter(creation.Constructor!),
                    _ => null,
                });

            Assert.Equal("Seed", seeds["random"]?.Name);
            Assert.Null(seeds["unseeded"]);
            Assert.Equal(SpecialType.System_Int64, seeds["global"]?.Type.SpecialType);
            Assert.Equal(SpecialType.System_UInt64, seeds["own"]?.Type.SpecialType);
            Assert.Equal("seed", seeds["reseeded"]?.Name);
            Assert.Equal("int?", seeds["ml"]?.Type.ToDisplayString());
            Assert.Equal("int?", seeds["loader"]?.Type.ToDisplayString());
            Assert.Equal("seed", seeds["twister"]?.Name);
            Assert.Null(seeds["tensor"]);
            Assert.Equal("seed", seeds["split"]?.Name);
        }
    }
}
