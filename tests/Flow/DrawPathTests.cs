using System.Linq;
using Seeding.Analyzers.Flow;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The facts a rule needs to report a draw where the program reaches it: the calls of a run
    /// that draw while unseeded (<see cref="BodyFacts.UnseededCalls"/>), the way from such a
    /// place down to the draw behind it (<see cref="Solver.DrawBehind"/>), and whether a seed
    /// runs later on the same path while that draw is still pending
    /// (<see cref="Solver.SeedRunsWhilePending"/>).
    /// </summary>
    public sealed class DrawPathTests
    {
        private const string Helpers = @"
    static bool b, c;
    static object Build() => new Net();
    static void Seed() => torch.manual_seed(1);
    static void DrawThenSeed() { torch.rand(1); torch.manual_seed(1); }
    static void Deeper() => DrawThenSeed();
    static void Later() { torch.rand(2); torch.manual_seed(1); }
";

        private const string Net = @"
sealed class Net
{
    private readonly object _fc = torch.nn.Linear(1, 2);
}
";

        [Fact]
        public void UnseededCallsNameTheCalleeAndTheStateItIsEnteredIn()
        {
            var solver = Solve("static void Main() { Build(); if (b) torch.manual_seed(1); Build(); torch.rand(3); }");
            var facts = FlowTestKit.FactsOf(solver, "M:C.Main", Entry.Unseeded);

            Assert.Equal(new[] { "Build()", "Build()" }, facts.UnseededCalls.Select(call => call.Site.Text));
            Assert.All(facts.UnseededCalls, call => Assert.Equal("M:C.Build~System.Object", call.Callee.Summary.Key));
            Assert.All(facts.UnseededCalls, call => Assert.Equal(Entry.Unseeded, call.Entry));
            Assert.Equal(new[] { false, true }, facts.UnseededCalls.Select(call => call.SeededOnOtherPaths));
            Assert.Equal("torch.rand(3)", Assert.Single(facts.UnseededDraws).Site.Text);
        }

        [Fact]
        public void AFullySeededCallIsNotAnUnseededCall()
        {
            var solver = Solve("static void Main() { torch.manual_seed(1); Build(); }");

            Assert.Empty(FlowTestKit.FactsOf(solver, "M:C.Main", Entry.Unseeded).UnseededCalls);
        }

        [Fact]
        public void TheDrawBehindACallIsFoundThroughMethodsConstructorsAndInitialisers()
        {
            var solver = Solve("static void Main() { torch.ones(1); Build(); }");
            var path = PathFromMain(solver);

            Assert.Equal(new[] { "Build()", "new Net()", "torch.nn.Linear(1, 2)" }, path.Steps.Select(step => step.Site.Text));
            Assert.Equal(new[] { "M:C.Main", "M:C.Build~System.Object", "F:Net._fc" }, path.Steps.Select(step => step.Body.Summary.Key));
            Assert.Equal(BodyKind.Initializer, path.Draw.Body.Summary.Kind);
            Assert.False(path.SeededOnOtherPaths);
        }

        [Fact]
        public void ADrawWrittenAtThePlaceIsItsOwnPath()
        {
            var solver = Solve("static void Main() { torch.rand(1); Build(); }");
            var path = PathFromMain(solver);

            Assert.Equal("torch.rand(1)", Assert.Single(path.Steps).Site.Text);
        }

        [Fact]
        public void AWayThatLeadsBackIntoItselfIsPassedOverForTheNextPlace()
        {
            var solver = Solve("static void Main() => Walk(); static void Walk() { if (b) Walk(); torch.rand(4); }");
            var path = PathFromMain(solver);

            Assert.Equal(new[] { "Walk()", "torch.rand(4)" }, path.Steps.Select(step => step.Site.Text));
        }

        [Fact]
        public void ASeedOnSomePathsAnywhereOnTheWayIsKept()
        {
            var solver = Solve("static void Main() => Train(); static void Train() { if (b) torch.manual_seed(1); torch.rand(4); }");

            Assert.True(PathFromMain(solver).SeededOnOtherPaths);
        }

        [Fact]
        public void ALambdaRunByTheBodyIsFollowedToItsDraw()
        {
            var solver = Solve("static void Main() { System.Func<object> make = () => torch.rand(5); make(); }");

            Assert.Equal(new[] { "make()", "torch.rand(5)" }, PathFromMain(solver).Steps.Select(step => step.Site.Text));
        }

        /// <summary>"Later on the same path": a seed runs while the draw is pending, after it in its body or after any call on the way to it.</summary>
        [Theory]
        [InlineData("Build(); torch.manual_seed(1);", true)]
        [InlineData("Build(); if (b) torch.manual_seed(1);", true)]
        [InlineData("Build(); Seed();", true)]
        [InlineData("DrawThenSeed();", true)]
        [InlineData("Deeper();", true)]
        [InlineData("Build(); Later();", true)]
        [InlineData("while (b) { if (c) torch.manual_seed(1); Build(); }", true)]
        [InlineData("try { Build(); } finally { torch.manual_seed(1); }", true)]
        [InlineData("Build();", false)]
        [InlineData("Build(); torch.seed();", false)]
        [InlineData("torch.manual_seed(1); torch.seed(); Build();", false)]
        [InlineData("if (b) { Build(); } else { torch.manual_seed(1); }", false)]
        [InlineData("while (b) { Build(); }", false)]
        [InlineData("Build(); return; torch.manual_seed(1);", false)]
        public void ASeedRunsWhileTheDrawIsPending(string main, bool expected)
        {
            var solver = Solve("static void Main() { " + main + " }");

            Assert.Equal(expected, solver.SeedRunsWhilePending(PathFromMain(solver), Generator.TorchCpu));
        }

        /// <summary>One run answers for every place: here the first draw is pending at the seed, the second (after a reseed) at none.</summary>
        [Fact]
        public void OneRunTellsForEachPlaceWhetherASeedFollowsIt()
        {
            var solver = Solve("static void Main() { torch.rand(1); Build(); torch.manual_seed(1); torch.seed(); torch.rand(2); if (b) Later(); Build(); }");
            var main = solver.CallableOf(Assert.Single(solver.Bodies("M:C.Main")));
            var places = Solver.UnseededPlaces(solver.Facts(main, Entry.Unseeded, Generator.TorchCpu), _ => true);

            Assert.Equal(new[] { "torch.rand(1)", "Build()", "torch.rand(2)", "Later()", "Build()" }, places.Select(place => place.Text));
            Assert.Equal(new[] { true, true, true, false, false }, solver.SeedsWhilePending(main, Entry.Unseeded, Generator.TorchCpu, places));
        }

        /// <summary>The first place of Main that draws while unseeded, and the way to the draw behind it.</summary>
        private static DrawPath PathFromMain(Solver solver)
        {
            var main = solver.CallableOf(Assert.Single(solver.Bodies("M:C.Main")));
            var facts = solver.Facts(main, Entry.Unseeded, Generator.TorchCpu);
            var place = Solver.UnseededPlaces(facts, _ => true).First();
            var path = solver.DrawBehind(main, Entry.Unseeded, facts, place, Generator.TorchCpu, _ => true);
            Assert.NotNull(path);
            Assert.Same(place, path!.Steps[0].Site);
            return path;
        }

        private static Solver Solve(string main)
            => new Solver(FlowTestKit.Summarize(FlowTestKit.Compile("static class C\n{\n" + main + "\n" + Helpers + "}\n" + Net)));
    }
}
