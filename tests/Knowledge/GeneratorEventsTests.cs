using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Sdk;

namespace Seeding.Analyzers.Tests.Knowledge
{
    /// <summary>The generators the engine follows, as data: which calls seed, reseed or draw from each, against the real TorchSharp assembly.</summary>
    public sealed class GeneratorEventsTests
    {
        /// <summary>For each statement of the source's one method: the event its call is, as "Kind generator [from value]", or "none".</summary>
        private static List<string> EventsByStatement(string source)
        {
            var compilation = RandomnessKnowledgeTests.Compile(source, Libraries.TorchVision);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var knowledge = RandomnessKnowledge.For(compilation);
            var tree = compilation.SyntaxTrees[0];
            var model = compilation.GetSemanticModel(tree);
            var events = new List<string>();
            foreach (var statement in tree.GetRoot().DescendantNodes().OfType<ExpressionStatementSyntax>())
            {
                var value = ((IExpressionStatementOperation)model.GetOperation(statement)!).Operation;
                var (member, arguments) = value switch
                {
                    IInvocationOperation invocation => ((ISymbol)invocation.TargetMethod, invocation.Arguments),
                    IObjectCreationOperation creation => (creation.Constructor!, creation.Arguments),
                    _ => throw new XunitException("not a call: " + statement),
                };
                var role = knowledge.Find(member) is { } entry ? GeneratorEvents.Of(knowledge, entry, arguments) : null;
                events.Add(role is { } r
                    ? r.Kind + " " + (r.Generator == Generator.TorchCpu ? "cpu" : r.Generator == Generator.TorchCuda ? "cuda" : r.Generator.Name) + (r.SeedsFromValue ? " from value" : string.Empty)
                    : "none");
            }

            return events;
        }

        [Fact]
        public void TorchCallsAreEventsOfTheGeneratorTheyTouch()
        {
            var events = EventsByStatement("""
                using TorchSharp;
                using static TorchSharp.torch;

                static class C
                {
                    static void M(Tensor state, torch.utils.data.Dataset dataset)
                    {
                        torch.manual_seed(1);
                        torch.random.manual_seed(2);
                        torch.set_rng_state(state);
                        torch.seed();
                        torch.cuda.manual_seed(3);
                        torch.cuda.manual_seed_all(4);
                        torch.rand(3);
                        nn.Linear(1, 10);
                        torch.rand(new long[] { 3 }, generator: new torch.Generator(5));
                        torch.rand(new long[] { 3 }, generator: null);
                        torch.zeros(3);
                        new torch.Generator(6);
                        new torch.Generator(7).manual_seed(8);
                        torch.random.seed();
                        new torch.Generator(9).seed();
                        new TorchSharp.Modules.DataLoader(dataset, 4, shuffle: true);
                    }
                }
                """);

            Assert.Equal(
                new[]
                {
                    "Seed cpu from value",
                    "Seed cpu from value",
                    "Seed cpu",
                    "Reseed cpu",
                    "Seed cuda from value",
                    "Seed cuda from value",
                    "Draw cpu",
                    "Draw cpu",
                    "none", // its own generator
                    "Draw cpu", // null is the global generator
                    "none",
                    "none", // a generator of its own, not the global one
                    "none",
                    "Reseed cpu",
                    "none", // reseeds a generator of its own
                    "none", // draws from System.Random, which the engine does not follow
                },
                events);
        }
    }
}
