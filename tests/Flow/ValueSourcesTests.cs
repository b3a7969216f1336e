using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The leaves <see cref="ValueSources"/> finds for the argument of the last <c>Sink(...)</c>
    /// call in a method body, each named by its source text ("? name" for an unknown local).
    /// </summary>
    public sealed class ValueSourcesTests
    {
        /// <summary>A method M whose one local, seed, is read from the clock and passed to Sink.</summary>
        private const string SeedFromTheClock = """
            using System;

            class C
            {
                static int Sink(object value) => 0;

                void M()
                {
                    var seed = Environment.TickCount;
                    Sink(seed);
                }
            }
            """;

        private static CSharpCompilation Compile(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
        {
            var compilation = CSharpCompilation.Create(
                "ValueSources",
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.Net,
                new CSharpCompilationOptions(kind, allowUnsafe: true));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return compilation;
        }

        /// <summary>The argument of the last <c>Sink(...)</c> call, as the operation the semantic model gives.</summary>
        private static IOperation SinkArgument(CSharpCompilation compilation)
        {
            var tree = compilation.SyntaxTrees[0];
            var sink = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Last(call => call.Expression is IdentifierNameSyntax { Identifier.Text: "Sink" });
            return compilation.GetSemanticModel(tree).GetOperation(sink.ArgumentList.Arguments[0].Expression)!;
        }

        private static string[] Describe(IOperation value)
            => ValueSources.Of(value)
                .Select(leaf => ValueSources.IsUnknown(leaf) ? "? " + leaf.Syntax : leaf.Syntax.ToString())
                .ToArray();

        /// <summary>Leaves of the last <c>Sink(...)</c> argument in <paramref name="body"/>, a method body with the usual parameters.</summary>
        private static string[] LeavesIn(string body)
            => Describe(SinkArgument(Compile($$"""
                using System;

                class C
                {
                    static int Sink(object value) => 0;
                    static void Bump(ref int value) => value++;

                    int Configured { get; set; }

                    unsafe void M(bool flag, int n, int? configured, string text, object boxed, int[] values)
                    {
                {{body}}
                    }
                }
                """)));

        [Fact]
        public void ALocalAssignedOnceIsItsInitialiser()
            => Assert.Equal(
                new[] { "Environment.TickCount" },
                LeavesIn("""
                    var ticks = Environment.TickCount;
                    var seed = ticks;
                    Sink(seed);
                    """));

        [Fact]
        public void ALocalDeclaredWithoutAValueIsItsAssignment()
            => Assert.Equal(
                new[] { "Environment.TickCount" },
                LeavesIn("""
                    int later;
                    later = Environment.TickCount;
                    Sink(later);
                    """));

        [Fact]
        public void EveryValueWrittenToAReassignedLocalIsASourceInSourceOrder()
            => Assert.Equal(
                new[] { "Environment.TickCount", "int.Parse(text)", "n" },
                LeavesIn("""
                    var seed = Environment.TickCount;
                    if (flag)
                    {
                        seed = int.Parse(text);
                    }

                    Sink(seed);
                    seed = n; // after the use: still a possible value, since order is not modelled
                    """));

        [Fact]
        public void EachBranchThatAssignsALocalIsASource()
            => Assert.Equal(
                new[] { "1", "Environment.ProcessId" },
                LeavesIn("""
                    int seed;
                    if (flag) seed = 1;
                    else seed = Environment.ProcessId;
                    Sink(seed);
                    """));

        [Fact]
        public void CompoundAssignmentsAddTheirRightSideAndIncrementsAddNothing()
        {
            Assert.Equal(new[] { "1", "Environment.TickCount" }, LeavesIn("""
                var mixed = 1;
                mixed += Environment.TickCount;
                mixed++;
                Sink(mixed);
                """));
            Assert.Equal(new[] { "null", "configured", "0" }, LeavesIn("""
                int? maybe = null;
                maybe ??= configured;
                Sink(maybe ?? 0);
                """));
        }

        [Fact]
        public void ALocalThatFeedsItselfEnds()
            => Assert.Equal(
                new[] { "0", "1" },
                LeavesIn("""
                    var x = 0;
                    while (x < 10)
                    {
                        x = x + 1;
                    }

                    Sink(x);
                    """));

        [Fact]
        public void LocalsThatFeedEachOtherEnd()
            => Assert.Equal(
                new[] { "1", "2" },
                LeavesIn("""
                    var a = 1;
                    var b = a;
                    a = b * 2;
                    b = a;
                    Sink(a);
                    """));

        [Fact]
        public void CastsAndUncheckedAreLookedThrough()
            => Assert.Equal(
                new[] { "Environment.TickCount64", "DateTime.Now.Ticks" },
                LeavesIn("Sink(unchecked((int)(long)Environment.TickCount64) + (int)(object)DateTime.Now.Ticks);"));

        [Fact]
        public void BothArmsOfAConditionalAreSources()
            => Assert.Equal(
                new[] { "int.Parse(text)", "Environment.TickCount" },
                LeavesIn("Sink(flag ? int.Parse(text) : Environment.TickCount);"));

        [Fact]
        public void BothSidesOfACoalesceAreSources()
            => Assert.Equal(
                new[] { "configured", "Environment.TickCount" },
                LeavesIn("Sink(configured ?? Environment.TickCount);"));

        [Fact]
        public void EverySwitchArmIsASource()
            => Assert.Equal(
                new[] { "1", "Configured", "Environment.ProcessId" },
                LeavesIn("Sink(n switch { 0 => 1, 1 => Configured, _ => Environment.ProcessId });"));

        [Fact]
        public void ArithmeticBitwiseAndUnaryOperandsAreSources()
            => Assert.Equal(
                new[] { "Environment.TickCount", "1000", "n", "values.Length" },
                LeavesIn("Sink((Environment.TickCount % 1000) ^ -n + ~values.Length);"));

        [Fact]
        public void AConstantIsOneLeafEvenWhenComputed()
            => Assert.Equal(
                new[] { "Offset + (1 + 2 * 3)", "n" },
                LeavesIn("""
                    const int Offset = 4;
                    Sink(Offset + (1 + 2 * 3) + n);
                    """));

        [Fact]
        public void ParametersMembersAndCallsAreLeaves()
            => Assert.Equal(
                new[] { "n", "Configured", "values[0]", "Math.Abs(n)", "boxed" },
                LeavesIn("""
                    n = 5; // a parameter is a leaf even when the body writes it
                    Sink(n + Configured + values[0] + Math.Abs(n) + (int)boxed);
                    """));

        [Fact]
        public void OutAndRefMakeALocalUnknownBesideItsKnownValues()
        {
            Assert.Equal(new[] { "? parsed" }, LeavesIn("""
                int.TryParse(text, out var parsed);
                Sink(parsed);
                """));
            Assert.Equal(new[] { "? existing", "Environment.TickCount" }, LeavesIn("""
                var existing = Environment.TickCount;
                int.TryParse(text, out existing);
                Sink(existing);
                """));
            Assert.Equal(new[] { "? bumped", "1" }, LeavesIn("""
                var bumped = 1;
                Bump(ref bumped);
                Sink(bumped);
                """));
        }

        [Fact]
        public void AliasesDeconstructionsPatternsAndLoopVariablesAreUnknown()
        {
            Assert.Equal(new[] { "? aliased", "1" }, LeavesIn("""
                var aliased = 1;
                ref var alias = ref aliased;
                alias = Environment.TickCount;
                Sink(aliased);
                """));
            Assert.Equal(new[] { "? alias" }, LeavesIn("""
                var aliased = 1;
                ref var alias = ref aliased;
                Sink(alias);
                """));
            Assert.Equal(new[] { "? pointed", "1" }, LeavesIn("""
                var pointed = 1;
                int* pointer = &pointed;
                Sink(pointed);
                """));
            Assert.Equal(new[] { "? x" }, LeavesIn("""
                var (x, y) = (Environment.TickCount, 1);
                Sink(x);
                """));
            Assert.Equal(new[] { "? a", "1" }, LeavesIn("""
                var a = 1;
                int b;
                (a, b) = (Environment.TickCount, 2);
                Sink(a);
                """));
            Assert.Equal(new[] { "? matched" }, LeavesIn("""
                if (boxed is int matched)
                {
                    Sink(matched);
                }
                """));
            Assert.Equal(new[] { "? item" }, LeavesIn("""
                foreach (var item in values)
                {
                    Sink(item);
                }
                """));
        }

        [Fact]
        public void WritesInsideLambdasAndLocalFunctionsCount()
            => Assert.Equal(
                new[] { "1", "Environment.TickCount", "Environment.ProcessId" },
                LeavesIn("""
                    var seed = 1;
                    Action set = () => seed = Environment.TickCount;
                    void Reset() => seed = Environment.ProcessId;
                    Sink(seed);
                    """));

        [Fact]
        public void ALocalDeclaredInsideALambdaIsFollowed()
            => Assert.Equal(
                new[] { "Environment.TickCount" },
                LeavesIn("""
                    Func<int> make = () =>
                    {
                        var inner = Environment.TickCount;
                        return Sink(inner);
                    };
                    """));

        [Fact]
        public void LocalsInTopLevelStatementsAreFollowedAcrossStatements()
        {
            var compilation = Compile("""
                using System;

                var seed = 1;
                if (args.Length > 0)
                {
                    seed = Environment.TickCount;
                }

                Sink(seed);

                static int Sink(object value) => 0;
                """, OutputKind.ConsoleApplication);

            Assert.Equal(new[] { "1", "Environment.TickCount" }, Describe(SinkArgument(compilation)));
        }

        [Fact]
        public void LocalsInAccessorsAndFieldInitialisersAreFollowed()
        {
            var compilation = Compile("""
                using System;

                class C
                {
                    static int Sink(object value) => 0;

                    static readonly Func<int> Make = () =>
                    {
                        var fromField = 1;
                        fromField = Environment.TickCount;
                        return Sink(fromField);
                    };

                    int P
                    {
                        get
                        {
                            var fromAccessor = Environment.ProcessId;
                            return Sink(fromAccessor);
                        }
                    }
                }
                """);
            var tree = compilation.SyntaxTrees[0];
            var model = compilation.GetSemanticModel(tree);
            var sinks = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Where(call => call.Expression is IdentifierNameSyntax { Identifier.Text: "Sink" })
                .Select(call => Describe(model.GetOperation(call.ArgumentList.Arguments[0].Expression)!))
                .ToArray();

            Assert.Equal(new[] { "1", "Environment.TickCount" }, sinks[0]);
            Assert.Equal(new[] { "Environment.ProcessId" }, sinks[1]);
        }

        [Fact]
        public void ALocalInAControlFlowGraphIsUnknownForLackOfASemanticModel()
        {
            var compilation = Compile(SeedFromTheClock);
            var tree = compilation.SyntaxTrees[0];
            var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "M");
            var graph = ControlFlowGraph.Create(method, compilation.GetSemanticModel(tree))!;
            var sink = graph.Blocks.SelectMany(block => block.Operations)
                .SelectMany(operation => operation.DescendantsAndSelf())
                .OfType<IInvocationOperation>()
                .Single(call => call.TargetMethod.Name == "Sink");

            Assert.Equal(new[] { "? seed" }, Describe(sink.Arguments[0].Value));
        }

        /// <summary>
        /// n + (n + (n + ...)): each step offers one n and opens the next sum, so the walk offers
        /// about half its budget of leaves and then stops; written without parentheses the sum
        /// nests the other way and the budget runs out before the first leaf, which is what
        /// "what is not offered is not a source" means.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void AVeryLongExpressionStopsAtTheStepBudget(bool nestedRight)
        {
            var body = new StringBuilder("var sum = n");
            for (var i = 0; i < 2_000; i++)
            {
                body.Append(nestedRight ? " + (n" : " + n");
            }

            body.Append(nestedRight ? new string(')', 2_000) : string.Empty).Append(";\nSink(sum);");
            var leaves = LeavesIn(body.ToString());

            Assert.True(leaves.Length < ValueSources.MaxSteps, "the walk stops within its budget");
            Assert.All(leaves, leaf => Assert.Equal("n", leaf));
            Assert.Equal(nestedRight, leaves.Length > 0);
        }

        /// <summary>A compilation of <paramref name="sources"/> (the last Sink call is in the first), and the leaves of that Sink's argument from a walk with <paramref name="members"/>.</summary>
        private static (string[] Leaves, bool Incomplete) MemberLeaves(MemberBodies members, params string[] sources)
        {
            var compilation = CSharpCompilation.Create(
                "ValueSources",
                sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: "File" + i + ".cs")),
                TestReferences.Net,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var walk = new ValueSources(members);
            var leaves = walk.LeavesOf(SinkArgument(compilation)).Select(leaf => leaf.Syntax.ToString()).ToArray();
            return (leaves, walk.Incomplete);
        }

        private const string Settings = """
            using System;

            static class Settings
            {
                public const int Fixed = 7;
                public static readonly int Seed = Environment.TickCount;
                public static readonly int Late;
                public static int Tick { get; } = Fixed + 1;
                public static int Settable { get; set; } = 3;
                public static int Arrow => Seed % 10;
                public static long Make(int n)
                {
                    if (n > 0)
                    {
                        return DateTime.UtcNow.Ticks;
                    }

                    Func<int> ignored = () => 99;
                    return n;
                }

                public static readonly Func<int> Factory = () => Environment.ProcessId;

                static Settings() => Late = 5;
            }
            """;

        [Fact]
        public void WithoutMemberBodiesAMemberIsOnlyALeaf()
            => Assert.Equal(
                new[] { "Settings.Seed" },
                Describe(SinkArgument(Compile("""
                    using System;

                    static class Settings
                    {
                        public static readonly int Seed = Environment.TickCount;
                    }

                    class C
                    {
                        static int Sink(object value) => 0;

                        void M() => Sink(Settings.Seed);
                    }
                    """))));

        [Fact]
        public void MembersAreFollowedToTheirInitialisersAndReturnedValues()
        {
            var (leaves, incomplete) = MemberLeaves(new MemberBodies(), Settings + """

                class C
                {
                    static int Sink(object value) => 0;

                    void M(Func<long> given)
                    {
                        Func<int> local = () => Settings.Fixed + 2;
                        Sink(Settings.Seed + Settings.Late + Settings.Tick + Settings.Settable + Settings.Arrow + Settings.Make(1) + Settings.Factory() + local() + given() + Helper());

                        int Helper() => n;
                    }

                    int n;
                }
                """);

            Assert.False(incomplete);
            Assert.Equal(
                new[]
                {
                    "Settings.Seed", "Environment.TickCount", // a static readonly field: its initialiser
                    "Settings.Late", // assigned in the static constructor only: not followed
                    "Settings.Tick", "Fixed + 1", // a get-only property: its initialiser
                    "Settings.Settable", // a property with a setter: not followed
                    "Settings.Arrow", "Seed", "10", // a getter: what it returns (Seed is followed once per walk)
                    "Settings.Make(1)", "DateTime.UtcNow.Ticks", "n", // a method: every returned value, not the lambda's
                    "Settings.Factory()", "Environment.ProcessId", // a delegate: what the lambda it holds returns
                    "local()", "Settings.Fixed + 2",
                    "given()", // a delegate from a parameter: nothing to follow
                    "Helper()", "n", // a local function
                },
                leaves);
        }

        [Fact]
        public void RecursiveMembersEndAndMembersAreFollowedAtMostThreeDeep()
        {
            var (leaves, _) = MemberLeaves(new MemberBodies(), """
                using System;

                class C
                {
                    static readonly int A = B + 1;
                    static readonly int B = A + 2;

                    static int Ping() => Pong();
                    static int Pong() => Ping();
                    static int One() => Two();
                    static int Two() => Three();
                    static int Three() => Four();
                    static int Four() => Environment.TickCount;

                    static int Sink(object value) => 0;

                    void M() => Sink(A + Ping() + One());
                }
                """);

            Assert.Equal(
                new[] { "A", "B", "A", "2", "1", "Ping()", "Pong()", "Ping()", "One()", "Two()", "Three()", "Four()" },
                leaves);
            Assert.Equal(3, ValueSources.MaxMemberDepth);
        }

        [Fact]
        public void AMemberInATreeWithoutAModelAtHandMakesTheWalkIncomplete()
        {
            const string Program = """
                class C
                {
                    static int Sink(object value) => 0;

                    void M() => Sink(Settings.Seed);
                }
                """;

            var (without, incomplete) = MemberLeaves(new MemberBodies(), Program, Settings);
            Assert.True(incomplete);
            Assert.Equal(new[] { "Settings.Seed" }, without);

            var compilation = CSharpCompilation.Create(
                "ValueSources",
                new[] { CSharpSyntaxTree.ParseText(Program, path: "File0.cs"), CSharpSyntaxTree.ParseText(Settings, path: "File1.cs") },
                TestReferences.Net,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var members = new MemberBodies();
            members.Add(compilation.GetSemanticModel(compilation.SyntaxTrees[1]));
            var walk = new ValueSources(members);
            var leaves = walk.LeavesOf(SinkArgument(compilation)).Select(leaf => leaf.Syntax.ToString()).ToArray();

            Assert.False(walk.Incomplete);
            Assert.Equal(new[] { "Settings.Seed", "Environment.TickCount" }, leaves);
        }

        [Fact]
        public void OneWalkFollowsEachLocalOnce()
        {
            var value = SinkArgument(Compile(SeedFromTheClock));
            var walk = new ValueSources();

            Assert.Equal(new[] { "Environment.TickCount" }, walk.LeavesOf(value).Select(leaf => leaf.Syntax.ToString()));
            Assert.Empty(walk.LeavesOf(value)); // already offered by this walk
            Assert.Single(ValueSources.Of(value)); // a new walk offers it again
        }

        /// <summary>
        /// A local is written only where it is declared when its initialiser is its one write:
        /// any later assignment, <c>++</c>, <c>ref</c>/<c>out</c> argument, alias or address makes
        /// it changeable; reading it (in a tuple, as an <c>in</c> argument) does not.
        /// </summary>
        [Theory]
        [InlineData("var seed = 7; Sink(seed);", true)]
        [InlineData("var seed = 7; var pair = (seed, 1); Sink(seed);", true)]
        [InlineData("var seed = 7; Sink(seed); seed++;", false)]
        [InlineData("var seed = 7; --seed; Sink(seed);", false)]
        [InlineData("var seed = 7; seed += n; Sink(seed);", false)]
        [InlineData("var seed = 7; seed = n; Sink(seed);", false)]
        [InlineData("int seed; seed = 7; Sink(seed);", false)]
        [InlineData("var seed = 7; Bump(ref seed); Sink(seed);", false)]
        [InlineData("var seed = 7; ref var alias = ref seed; Sink(seed);", false)]
        [InlineData("var seed = 7; int* p = &seed; Sink(seed);", false)]
        [InlineData("var seed = 7; (seed, n) = (n, seed); Sink(seed);", false)]
        [InlineData("int.TryParse(text, out var seed); Sink(seed);", false)]
        public void WrittenOnlyWhereDeclaredMeansTheInitialiserIsTheOneWrite(string body, bool expected)
        {
            var compilation = Compile($$"""
                using System;

                class C
                {
                    static int Sink(object value) => 0;
                    static void Bump(ref int value) => value++;

                    unsafe void M(bool flag, int n, string text)
                    {
                {{body}}
                    }
                }
                """);
            var argument = SinkArgument(compilation);
            var reference = Assert.IsAssignableFrom<ILocalReferenceOperation>(argument is IConversionOperation conversion ? conversion.Operand : argument);
            Assert.Equal(expected, ValueSources.IsWrittenOnlyWhereDeclared(reference));
        }
    }
}
