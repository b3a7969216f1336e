using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Tests.Infrastructure;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// What the Flow tests share: compiling a snippet against the real TorchSharp reference,
    /// summarising its bodies the way the analyzers do, a solver over them, and a compact
    /// printer for summaries so a test states a body's shape as one string.
    /// </summary>
    internal static class FlowTestKit
    {
        /// <summary>A library compilation of <paramref name="source"/> (with <c>using TorchSharp;</c> added), which must have no errors.</summary>
        public static CSharpCompilation Compile(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
        {
            var tree = RobustnessHarness.Parse("using TorchSharp;\n" + source, "/Flow.cs");
            var compilation = RobustnessHarness.BaseCompilation(Libraries.TorchSharp, outputKind).AddSyntaxTrees(tree);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The snippet does not compile:\n" + string.Join("\n", errors));
            return compilation;
        }

        /// <summary>As <see cref="Compile"/>, with unsafe code allowed and nullable annotations on.</summary>
        public static CSharpCompilation CompileUnsafe(string source)
        {
            var tree = RobustnessHarness.Parse("#nullable enable\nusing TorchSharp;\n" + source, "/Flow.cs");
            var compilation = RobustnessHarness.BaseCompilation(Libraries.TorchSharp, OutputKind.DynamicallyLinkedLibrary).AddSyntaxTrees(tree);
            compilation = compilation.WithOptions(compilation.Options.WithAllowUnsafe(true));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The snippet does not compile:\n" + string.Join("\n", errors));
            return compilation;
        }

        /// <summary>Every body of every tree, summarised from a fresh semantic model (tests only: the analyzers use the driver's).</summary>
        public static ImmutableArray<BodySummary> Summarize(Compilation compilation)
        {
            var knowledge = RandomnessKnowledge.For(compilation);
            var bodies = ImmutableArray.CreateBuilder<BodySummary>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                bodies.AddRange(Summarizer.SummarizeTree(CudaSignals.TryCreate(compilation), new SymbolKeys(knowledge), compilation.GetSemanticModel(tree), _ => null, CancellationToken.None));
            }

            return bodies.ToImmutable();
        }

        /// <summary>The one body with this documentation id.</summary>
        public static BodySummary Body(ImmutableArray<BodySummary> bodies, string key)
        {
            var matches = bodies.Where(b => b.Key == key).ToList();
            Assert.True(matches.Count == 1, $"Expected one body {key}, found {matches.Count} among: {string.Join(", ", bodies.Select(b => b.Key))}");
            return matches[0];
        }

        /// <summary>The effect of running the body <paramref name="key"/> entered in <paramref name="entry"/>, for the CPU generator.</summary>
        public static Effect EffectOf(Solver solver, string key, Entry entry)
            => solver.EffectOf(solver.CallableOf(Single(solver, key)), entry, Generator.TorchCpu);

        public static BodyFacts FactsOf(Solver solver, string key, Entry entry)
            => solver.Facts(solver.CallableOf(Single(solver, key)), entry, Generator.TorchCpu);

        /// <summary>An effect as a short string: <c>exit:U+S draws seeds</c>, <c>exit:none</c> for a body that never returns.</summary>
        public static string Describe(Effect effect)
        {
            var exit = effect.ExitMayBeUnseeded && effect.ExitMayBeSeeded ? "U+S"
                : effect.ExitMayBeUnseeded ? "U"
                : effect.ExitMayBeSeeded ? "S"
                : "none";
            return "exit:" + exit + (effect.DrawsWhileUnseeded ? " draws" : string.Empty) + (effect.SeedsBeforeDrawing ? " seeds" : string.Empty);
        }

        /// <summary>
        /// A body as one line: its root, then each lambda or local function as <c>#i=...</c>.
        /// Nodes print as <c>seq(..)</c>, <c>choice(..)</c> (<c>·</c> for an empty option),
        /// <c>loop(..)</c> / <c>do(..)</c> (at least once) / <c>forever(..)</c> (left only by break),
        /// <c>switch(..)</c>, <c>try(body; catch(..); finally(..))</c>, <c>return</c>, <c>throw</c>,
        /// <c>break</c>, <c>continue</c>, <c>goto</c>, <c>seed(..)</c> / <c>reseed(..)</c> /
        /// <c>draw(..)</c> with the site's code, <c>call(keys)</c>, <c>dispatch(key)</c> and <c>run#i</c>.
        /// </summary>
        public static string Print(BodySummary body)
        {
            var text = new StringBuilder(Print(body.Root));
            for (var i = 0; i < body.Nested.Length; i++)
            {
                text.Append(" #").Append(i).Append('=').Append(Print(body.Nested[i]));
            }

            return text.ToString();
        }

        public static string Print(FlowNode node)
        {
            var text = new StringBuilder();
            Print(node, text);
            return text.ToString();
        }

        private static void Print(FlowNode node, StringBuilder text)
        {
            switch (node)
            {
                case SequenceNode sequence when sequence.Items.IsEmpty:
                    text.Append('·');
                    break;
                case SequenceNode sequence:
                    List("seq", sequence.Items, text);
                    break;
                case ChoiceNode choice:
                    List("choice", choice.Options, text);
                    break;
                case LoopNode loop:
                    text.Append(loop.Endless ? (loop.AtLeastOnce ? "doforever(" : "forever(") : loop.AtLeastOnce ? "do(" : "loop(");
                    Print(loop.Body, text);
                    text.Append(')');
                    break;
                case BreakScopeNode scope:
                    text.Append("switch(");
                    Print(scope.Body, text);
                    text.Append(')');
                    break;
                case GotoScopeNode gotoScope:
                    text.Append("gotos(");
                    Print(gotoScope.Body, text);
                    text.Append(')');
                    break;
                case LabelNode:
                    text.Append("label");
                    break;
                case TryNode tryNode:
                    text.Append("try(");
                    Print(tryNode.Body, text);
                    foreach (var handler in tryNode.Handlers)
                    {
                        text.Append("; catch(");
                        Print(handler, text);
                        text.Append(')');
                    }

                    if (tryNode.Finally is { } @finally)
                    {
                        text.Append("; finally(");
                        Print(@finally, text);
                        text.Append(')');
                    }

                    text.Append(')');
                    break;
                case JumpNode jump:
                    text.Append(jump.Kind switch
                    {
                        JumpKind.Return => "return",
                        JumpKind.Throw => "throw",
                        JumpKind.Break => "break",
                        JumpKind.Continue => "continue",
                        _ => "goto",
                    });
                    break;
                case GeneratorEvent generatorEvent:
                    text.Append(generatorEvent.Kind switch
                    {
                        EventKind.Seed => "seed(",
                        EventKind.Reseed => "reseed(",
                        _ => "draw(",
                    });
                    text.Append(generatorEvent.Site.Text).Append(')');
                    break;
                case CallNode call:
                    text.Append(call.Dispatch ? "dispatch(" : "call(").Append(string.Join(", ", call.Targets)).Append(')');
                    break;
                case RunNestedNode nested:
                    text.Append("run#").Append(nested.Index);
                    break;
                default:
                    throw new InvalidOperationException("Unknown node " + node.GetType().Name);
            }
        }

        private static void List(string name, ImmutableArray<FlowNode> items, StringBuilder text)
        {
            text.Append(name).Append('(');
            for (var i = 0; i < items.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(", ");
                }

                Print(items[i], text);
            }

            text.Append(')');
        }

        private static BodySummary Single(Solver solver, string key)
        {
            var bodies = solver.Bodies(key);
            Assert.True(bodies.Count == 1, $"Expected one body {key}, found {bodies.Count}");
            return bodies[0];
        }
    }
}
