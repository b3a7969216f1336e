using System.Collections.Generic;
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
    /// <summary>The shared per-compilation index of member roles, against the real assemblies.</summary>
    public sealed class SymbolRolesTests
    {
        private const Libraries All = Libraries.TorchVision | Libraries.MicrosoftML | Libraries.MathNet;

        private const string Uses = """
            using System;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.ML;
            using Microsoft.ML.Trainers.FastTree;
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torchvision;

            static class C
            {
                static void M(torch.utils.data.Dataset data, int[] items, FastTreeRegressionTrainer.Options options)
                {
                    var unseededRandom = new Random();
                    var seededRandom = new Random(1);
                    var shared = Random.Shared;
                    var next = seededRandom.Next();
                    var manualSeed = torch.manual_seed(1);
                    var reseed = torch.seed();
                    var generatorReseed = manualSeed.seed();
                    var loader = torch.utils.data.DataLoader(data, 32, shuffle: true);
                    var rotation = transforms.RandomRotation(10);
                    var unseededContext = new MLContext();
                    var seededContext = new MLContext(seed: 1);
                    var parallelFor = Parallel.For(0, 2, i => { });
                    var taskRun = Task.Run(() => { });
                    var thread = new Thread(() => { });
                    var plinq = items.AsParallel().Select(i => i);
                    var sequential = items.Select(i => i);
                    var seedOption = options.Seed;
                    var text = Console.Out;
                }
            }
            """;

        private static CSharpCompilation Compile(string source, Libraries libraries)
        {
            var compilation = CSharpCompilation.Create(
                "SymbolRoles",
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.For(libraries),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return compilation;
        }

        /// <summary>For each local, the roles of the member its initialiser calls, creates or reads.</summary>
        private static Dictionary<string, MemberRoles> RolesByLocal(CSharpCompilation compilation, SymbolRoles roles)
        {
            var tree = compilation.SyntaxTrees[0];
            var model = compilation.GetSemanticModel(tree);
            var result = new Dictionary<string, MemberRoles>();
            foreach (var declarator in tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>())
            {
                var value = ((IVariableDeclaratorOperation)model.GetOperation(declarator)!).Initializer!.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                var member = value switch
                {
                    IInvocationOperation invocation => (ISymbol)invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    IPropertyReferenceOperation property => property.Property,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };
                result[declarator.Identifier.Text] = roles.Of(member);
            }

            return result;
        }

        [Fact]
        public void EachMemberGetsEveryRoleItHasAndNoOther()
        {
            var compilation = Compile(Uses, All);
            var roles = RolesByLocal(compilation, SymbolRoles.For(compilation));

            Assert.Equal(MemberRoles.UnseededRandomConstructor, roles["unseededRandom"]);
            Assert.Equal(MemberRoles.TakesSeed, roles["seededRandom"]);
            Assert.Equal(MemberRoles.SharedRandom, roles["shared"]);
            Assert.Equal(MemberRoles.None, roles["next"]);
            Assert.Equal(MemberRoles.TakesSeed, roles["manualSeed"]);
            Assert.Equal(MemberRoles.ReseedsFromClock, roles["reseed"]);
            Assert.Equal(MemberRoles.ReseedsFromClock, roles["generatorReseed"]);
            Assert.Equal(MemberRoles.TakesSeed | MemberRoles.TorchOptionalSeed, roles["loader"]);
            Assert.Equal(MemberRoles.UnseedableTransform, roles["rotation"]);
            Assert.Equal(MemberRoles.TakesSeed | MemberRoles.MLContextConstructor, roles["unseededContext"]);
            Assert.Equal(MemberRoles.TakesSeed | MemberRoles.MLContextConstructor, roles["seededContext"]);
            Assert.Equal(MemberRoles.ParallelConstruct, roles["parallelFor"]);
            Assert.Equal(MemberRoles.ParallelConstruct, roles["taskRun"]);
            Assert.Equal(MemberRoles.ParallelConstruct, roles["thread"]);
            Assert.Equal(MemberRoles.ParallelConstruct, roles["plinq"]);
            Assert.Equal(MemberRoles.None, roles["sequential"]);
            Assert.Equal(MemberRoles.SeedMember, roles["seedOption"]);
            Assert.Equal(MemberRoles.None, roles["text"]);
        }

        [Fact]
        public void LibraryRolesNeedTheLibrary()
        {
            var compilation = Compile("""
                using System;
                using System.Threading.Tasks;

                static class C
                {
                    static void M()
                    {
                        var unseededRandom = new Random();
                        var seededRandom = new Random(1);
                        var parallelFor = Parallel.For(0, 2, i => { });
                    }
                }
                """, Libraries.None);
            var index = SymbolRoles.For(compilation);
            var roles = RolesByLocal(compilation, index);

            Assert.Equal(MemberRoles.UnseededRandomConstructor, roles["unseededRandom"]);
            Assert.Equal(MemberRoles.TakesSeed, roles["seededRandom"]);
            Assert.Equal(MemberRoles.ParallelConstruct, roles["parallelFor"]);
            Assert.Null(index.MLContext);
            Assert.False(index.Seeds.HasSeedMembers);
        }

        [Fact]
        public void OneIndexPerCompilationSharingTheKnowledgeTheRulesResolve()
        {
            var compilation = Compile(Uses, All);
            var index = SymbolRoles.For(compilation);

            Assert.Same(index, SymbolRoles.For(compilation));
            Assert.Same(RandomnessKnowledge.For(compilation), index.Randomness);
            Assert.Same(SeedKnowledge.For(compilation), index.Seeds);
            Assert.Same(MLContextKnowledge.For(compilation), index.MLContext);
            Assert.True(index.Seeds.HasSeedMembers);
            Assert.Equal(MemberRoles.None, index.Of(null));
        }

        /// <summary>Members are matched to rows per type on first use; each must get the row the whole inventory gives it.</summary>
        [Fact]
        public void LookingUpOneMemberFindsTheRowTheWholeInventoryGivesIt()
        {
            var expected = RandomnessKnowledge.For(Compile(string.Empty, All)).Members.ToList();
            var compilation = Compile(string.Empty, All);
            var knowledge = RandomnessKnowledge.For(compilation);

            // Another compilation's symbols are other objects: find each member again by its documentation id.
            foreach (var pair in Enumerable.Reverse(expected))
            {
                var id = pair.Key.GetDocumentationCommentId()!;
                var member = DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation);
                Assert.True(member is not null, id);
                Assert.Same(pair.Value, knowledge.Find(member));
            }
        }
    }
}
