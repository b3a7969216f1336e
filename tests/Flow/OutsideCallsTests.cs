using System;
using System.Collections.Generic;
using System.Linq;
using Seeding.Analyzers.Flow;
using Xunit;
using Xunit.Abstractions;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// A solver over part of a program (one tree's bodies, before the rest is summarised) takes a
    /// call that may run code it does not hold to stop the path, or to do anything. SEED002
    /// reports a body early when the two agree, which is sound only if the whole program's answer
    /// always lies between them. Checked on random programs of the reference walk's language, with
    /// a random part of their methods held.
    /// </summary>
    public sealed class OutsideCallsTests
    {
        private const int Programs = 200;

        private readonly ITestOutputHelper _output;

        public OutsideCallsTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void TheWholeProgramsAnswerLiesBetweenStoppingAndAnything()
        {
            var random = new Random(20_261_202);
            var compared = 0;
            var agreed = 0;
            var agreedWithOutsideCalls = 0;
            var failures = new List<string>();
            for (var program = 0; program < Programs; program++)
            {
                var source = ReferenceWalkTests.ProgramGenerator.Generate(random, withReseed: true);
                var bodies = FlowTestKit.Summarize(FlowTestKit.Compile(source));
                var held = bodies.Where(_ => random.Next(3) != 0).ToList();
                var whole = new Solver(bodies);
                var least = new Solver(held, OutsideCalls.Stops);
                var most = new Solver(held, OutsideCalls.Anything);
                foreach (var body in held)
                {
                    var low = Answer(least, body);
                    var high = Answer(most, body);
                    var actual = Answer(whole, body);
                    compared++;

                    // Each late seed of the whole program is one "anything" finds, and each one
                    // "stops" finds is one of the whole program's; so is each flag.
                    if (!low.Seeds.IsSubsetOf(actual.Seeds) || !actual.Seeds.IsSubsetOf(high.Seeds)
                        || (low.Flags & ~actual.Flags) != 0 || (actual.Flags & ~high.Flags) != 0)
                    {
                        failures.Add($"program {program}, {body.Key}: least {low}, whole {actual}, most {high}\n{source}");
                    }

                    // Where the two agree (each late seed with one draw, the same in both), the
                    // whole program gives that answer: what SEED002 reports early.
                    if (low.SingleDraws && high.SingleDraws && low.Pairs.SetEquals(high.Pairs))
                    {
                        agreed++;
                        if (HasOutsideCall(body, held))
                        {
                            agreedWithOutsideCalls++;
                        }

                        if (!actual.Pairs.SetEquals(low.Pairs))
                        {
                            failures.Add($"program {program}, {body.Key}: agreed on {low}, whole program {actual}\n{source}");
                        }
                    }
                }
            }

            _output.WriteLine($"{compared} bodies compared; {agreed} settled by their part ({agreedWithOutsideCalls} of them with a call outside it)");
            Assert.True(failures.Count == 0, $"{failures.Count} failures; first:\n{string.Join("\n", failures.Take(3))}");
            Assert.True(agreedWithOutsideCalls > 20, $"Too few settled bodies call outside their part ({agreedWithOutsideCalls})");
            Assert.True(agreed < compared, "Every body was settled: the outside calls changed nothing");
        }

        /// <summary>A body calls a method the part does not hold.</summary>
        private static bool HasOutsideCall(BodySummary body, List<BodySummary> held)
            => body.Outline.CallTargets.Any(target => held.All(other => other.Key != target));

        private static Run Answer(Solver solver, BodySummary body)
        {
            var callable = solver.CallableOf(body);
            var effect = solver.EffectOf(callable, Entry.Unseeded, Generator.TorchCpu);
            var late = solver.Facts(callable, Entry.Unseeded, Generator.TorchCpu).LateSeeds;
            var flags = (effect.DrawsWhileUnseeded ? 1 : 0) | (effect.SeedsBeforeDrawing ? 2 : 0) | (effect.HasLateSeed ? 4 : 0) | (effect.Exits << 3);
            return new Run(flags, late.Select(l => (l.Seed.Position, l.Draw.Position)));
        }

        private sealed class Run
        {
            public Run(int flags, IEnumerable<(int Seed, int Draw)> pairs)
            {
                Flags = flags;
                Pairs = new HashSet<(int, int)>(pairs);
                Seeds = new HashSet<int>(Pairs.Select(pair => pair.Item1));
                SingleDraws = Seeds.Count == Pairs.Count;
            }

            public int Flags { get; }

            public HashSet<(int Seed, int Draw)> Pairs { get; }

            public HashSet<int> Seeds { get; }

            /// <summary>Each late seed with one draw.</summary>
            public bool SingleDraws { get; }

            public override string ToString()
                => $"flags {Flags:x}, late seeds [{string.Join(", ", Pairs.OrderBy(pair => pair).Select(pair => pair.Seed + "<-" + pair.Draw))}]";
        }
    }
}
