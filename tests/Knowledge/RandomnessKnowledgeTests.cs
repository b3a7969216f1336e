using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Knowledge
{
    /// <summary>The embedded inventory against the real library assemblies it describes.</summary>
    public sealed class RandomnessKnowledgeTests
    {
        private const Libraries All = Libraries.TorchVision | Libraries.MicrosoftML | Libraries.MathNet;

        /// <summary>A library compilation of <paramref name="source"/> against the real assemblies of <paramref name="libraries"/>.</summary>
        internal static CSharpCompilation Compile(string source, Libraries libraries)
            => CSharpCompilation.Create(
                "Knowledge",
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.For(libraries),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        [Fact]
        public void EveryInventoryRowResolvesToAMemberOfTheRealAssemblies()
        {
            var knowledge = RandomnessKnowledge.For(Compile(string.Empty, All));
            var resolved = knowledge.Members.Select(pair => pair.Value).ToHashSet();

            var unresolved = Inventory.Entries
                // System rows resolve against .NET itself (covered by the rules' tests); a ".cctor"
                // row records when a type initialises, not a member anyone calls.
                .Where(entry => entry.Library != "System" && entry.Member != ".cctor" && !resolved.Contains(entry))
                .Select(entry => entry.ToString() + "(" + string.Join(", ", entry.ParameterTypes ?? System.Collections.Immutable.ImmutableArray<string>.Empty) + ")")
                .ToList();

            Assert.True(unresolved.Count == 0, "Unresolved inventory rows:\n" + string.Join("\n", unresolved));
            Assert.True(knowledge.HasTorchSharp && knowledge.HasMicrosoftML && knowledge.HasMathNet);
        }

        [Fact]
        public void NothingResolvesWhenNoLibraryIsReferenced()
        {
            var knowledge = RandomnessKnowledge.For(Compile(string.Empty, Libraries.None));

            Assert.False(knowledge.HasMachineLearningLibrary);
            Assert.All(knowledge.Members, pair => Assert.Equal("System", pair.Value.Library));
        }

        /// <summary>For each local with an initialiser: does the initialiser draw from TorchSharp's global generator?</summary>
        private static Dictionary<string, bool> DrawsByLocal(CSharpCompilation compilation)
        {
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var knowledge = RandomnessKnowledge.For(compilation);
            var tree = compilation.SyntaxTrees[0];
            var model = compilation.GetSemanticModel(tree);
            var draws = new Dictionary<string, bool>();
            foreach (var declarator in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax>())
            {
                if (((IVariableDeclaratorOperation)model.GetOperation(declarator)!).Initializer is { } initializer)
                {
                    draws[declarator.Identifier.Text] = knowledge.TorchGlobalDraw(initializer.Value) is not null;
                }
            }

            return draws;
        }

        [Fact]
        public void LinearDrawsByOverloadAndGeneratorArgumentsAreRespected()
        {
            var compilation = Compile("""
                using TorchSharp;
                using static TorchSharp.torch;

                static class C
                {
                    static void M(TorchSharp.Modules.Parameter weight)
                    {
                        var a = nn.Linear(1, 10);
                        var b = nn.Linear(weight);
                        var c = nn.LayerNorm(10);
                        var d = torch.rand(3);
                        var e = torch.rand(3, generator: new torch.Generator(42));
                        var f = torch.rand(3, generator: torch.Generator.Default);
                        var g = torch.manual_seed(1);
                        var h = torch.rand(3, generator: g);
                        var i = torch.zeros(3);
                        var j = nn.Dropout(0.5);
                    }
                }
                """, Libraries.TorchSharp);
            var draws = DrawsByLocal(compilation);

            Assert.True(draws["a"], "Linear(long, long) draws its weights");
            Assert.False(draws["b"], "Linear(Parameter, ...) does not draw");
            Assert.False(draws["c"], "LayerNorm does not draw");
            Assert.True(draws["d"], "rand draws");
            Assert.False(draws["e"], "rand with its own generator does not draw from the global one");
            Assert.True(draws["f"], "Generator.Default is the global generator");
            Assert.False(draws["g"], "manual_seed is a seed, not a draw");
            Assert.True(draws["h"], "the generator manual_seed returns wraps the global one");
            Assert.False(draws["i"], "zeros does not draw");
            Assert.False(draws["j"], "constructing Dropout does not draw");
        }

        /// <summary>
        /// The generator given to a draw follows the shared rule for values (ValueSources): when
        /// any value it may hold wraps the global generator, the draw may come from the global
        /// one. Before, a conditional and a reassigned local were read as "own generator".
        /// </summary>
        [Fact]
        public void AGeneratorThatMayBeTheGlobalOneDrawsFromIt()
        {
            var draws = DrawsByLocal(Compile("""
                using TorchSharp;

                static class C
                {
                    static void M(bool flag)
                    {
                        var own = new torch.Generator(42);
                        var switched = new torch.Generator(42);
                        if (flag)
                        {
                            switched = torch.manual_seed(1);
                        }

                        var replaced = torch.manual_seed(1);
                        replaced = new torch.Generator(7);
                        var a = torch.rand(3, generator: switched);
                        var b = torch.rand(3, generator: flag ? own : null);
                        var c = torch.rand(3, generator: own);
                        var d = torch.rand(3, generator: replaced);
                        var e = torch.rand(3, generator: flag ? own : new torch.Generator(7));
                        var f = torch.rand(3, generator: null);
                    }
                }
                """, Libraries.TorchSharp));

            Assert.True(draws["a"], "switched may hold what manual_seed returns");
            Assert.True(draws["b"], "null is the global generator");
            Assert.False(draws["c"], "a generator of its own");
            Assert.True(draws["d"], "every value written to a local counts, also one overwritten later");
            Assert.False(draws["e"], "both arms are generators of their own");
            Assert.True(draws["f"], "null, converted to a generator, is the global one");
        }

        [Fact]
        public void SeedsAndReseedsAreRecognised()
        {
            var compilation = Compile("""
                using TorchSharp;

                static class C
                {
                    static void M()
                    {
                        torch.manual_seed(1);
                        torch.random.manual_seed(2);
                        torch.seed();
                        torch.random.seed();
                        torch.cuda.manual_seed_all(3);
                    }
                }
                """, Libraries.TorchSharp);
            var knowledge = RandomnessKnowledge.For(compilation);
            var model = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
            var calls = compilation.SyntaxTrees[0].GetRoot().DescendantNodes()
                .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
                .Select(syntax => ((IInvocationOperation)model.GetOperation(syntax)!).TargetMethod)
                .ToList();

            Assert.Equal(new[] { true, true, false, false, false }, calls.Select(knowledge.IsTorchGlobalSeed));
            Assert.Equal(new[] { false, false, true, true, false }, calls.Select(knowledge.IsTorchGlobalReseed));
        }
    }
}
