using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Rules;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The summaries the rules build through the analyzer driver (from the operation blocks it
    /// hands over, each tree completed when its semantic model comes) are the ones a fresh
    /// semantic model gives for the same declarations, and each body is built once: a method's
    /// block body, its arrow, a constructor with its <c>base(...)</c> call, accessors and
    /// initialisers are found under the declaration the tree is completed by.
    /// </summary>
    public sealed class DriverSummaryTests
    {
        private const string Members = """
            abstract class Base
            {
                protected Base() { torch.rand(1); }
                protected Base(int n) : this() { Use(n); }
                static void Use(int n) { }
            }

            sealed class Net : Base
            {
                private readonly object _weights = torch.randn(2);
                public static readonly object Shared = torch.rand(3);
                static Net() { torch.manual_seed(1); }
                public Net() : base(1) { torch.rand(4); }
                public Net(long size) => Size = size;
                public long Size { get; set; } = 5;
                public object Draw => torch.rand(Size);
                public object Sample { get { return torch.rand(2); } set { torch.manual_seed(2); } }
                public int this[int i] => i;
                public static Net operator +(Net a, Net b) { torch.rand(1); return a; }
                public static explicit operator long(Net net) => net.Size;
                ~Net() { torch.rand(9); }
                public object Train(int epochs = 3)
                {
                    object last = null;
                    for (var e = 0; e < epochs; e++) { last = Step(() => torch.rand(1)); }
                    return last ?? Local();
                    object Local() => torch.randn(1);
                }
                static object Step(System.Func<object> batch) => batch();
                object Arrow() => torch.rand(7);
            }

            sealed class Primary(int n) : Base(n)
            {
                public int N { get; } = n;
            }

            record Sample(long Size) : Shape(Size);

            record Shape(long Size)
            {
                public object Values { get; } = torch.rand(Size);
            }
            """;

        private const string TopLevel = """
            torch.manual_seed(1);
            var net = new Net(3);
            System.Console.WriteLine(net.Draw);

            sealed class Net
            {
                public Net(long size) => Size = size;
                public long Size { get; }
                public object Draw => torch.rand(Size);
            }
            """;

        [Theory]
        [InlineData(Members, OutputKind.DynamicallyLinkedLibrary)]
        [InlineData(TopLevel, OutputKind.ConsoleApplication)]
        public async Task BodiesFromTheDriverAreThoseOfAFreshModelEachBuiltOnce(string source, OutputKind outputKind)
        {
            var compilation = FlowTestKit.Compile(source, outputKind);
            var capture = new CompilationCapture();
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SeedAfterDrawAnalyzer(), capture);
            // One analysis thread: with concurrent analysis a tree may be completed while a block
            // of it is still being built on another thread, and both build that body (harmless,
            // the tree's copy is kept, but not the "once" this test counts).
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();

            // The driver analyses its own copy of the compilation; the rules' program is that copy's.
            var program = FlowProgram.For(Assert.Single(capture.Seen));
            Assert.True(program.IsComplete);
            Assert.True(program.TryGet(compilation.SyntaxTrees.Single(), out var fromDriver));
            var expected = FlowTestKit.Summarize(compilation);

            Assert.Equal(Describe(expected), Describe(fromDriver.Bodies));
            Assert.Equal(expected.Length, program.BodiesBuilt);
            Assert.True(program.BodiesFromBlocks > 0, "no body came from the driver's blocks: the test would not see them built twice");
        }

        private static string Describe(IEnumerable<BodySummary> bodies)
            => string.Join(
                "\n",
                bodies
                    .OrderBy(body => body.Declaration.SpanStart)
                    .Select(body => $"{body.Key} {body.Kind} {body.Declaration.Kind()} {FlowTestKit.Print(body)}"));

        /// <summary>Remembers the compilation the driver hands to analyzers.</summary>
#pragma warning disable RS1036, RS2008 // a test double that never ships: no release tracking, no extended analyzer rules
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class CompilationCapture : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Unused = new DiagnosticDescriptor(
                "TEST01", "Unused", "Unused", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

            public List<Compilation> Seen { get; } = new List<Compilation>();

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterCompilationAction(end =>
                {
                    lock (Seen)
                    {
                        Seen.Add(end.Compilation);
                    }
                });
            }
        }
#pragma warning restore RS1036, RS2008
    }
}
