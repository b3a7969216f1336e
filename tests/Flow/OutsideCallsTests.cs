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
    /// reports a late seed early when the two agree on it, which is sound only if the whole
    /// program's answer always lies between them. Checked on random programs of the reference
    /// walk's language, with a random part of their methods held.
    /// </summary>
    public sealed class OutsideCallsTests
    {
        private const int Programs = 400;

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

                    // A late seed both find, with the same draws in the same order, is late with
                    // those draws in the whole program: what SEED002 reports early.
                    foreach (var pair in low.DrawsBySeed)
                    {
                        if (high.DrawsBySeed.TryGetValue(pair.Key, out var highDraws) && pair.Value.SequenceEqual(highDraws))
                        {
                            agreed++;
                            if (HasOutsideCall(body, held))
                            {
                                agreedWithOutsideCalls++;
                            }

                            if (!actual.DrawsBySeed.TryGetValue(pair.Key, out var actualDraws) || !actualDraws.SequenceEqual(pair.Value))
                            {
                                failures.Add($"program {program}, {body.Key}: the seed at {pair.Key} agreed on {low}, whole program {actual}\n{source}");
                            }
                        }
                    }
                }
            }

            _output.WriteLine($"{compared} bodies compared; {agreed} late seeds settled by their part ({agreedWithOutsideCalls} of them in a body with a call outside it)");
            Assert.True(failures.Count == 0, $"{failures.Count} failures; first:\n{string.Join("\n", failures.Take(3))}");
            Assert.True(agreedWithOutsideCalls > 20, $"Too few settled late seeds are in bodies that call outside their part ({agreedWithOutsideCalls})");
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
                DrawsBySeed = new Dictionary<int, List<int>>();
                foreach (var (seed, draw) in pairs)
                {
                    if (!DrawsBySeed.TryGetValue(seed, out var draws))
                    {
                        DrawsBySeed.Add(seed, draws = new List<int>());
                    }

                    draws.Add(draw);
                }

                Seeds = new HashSet<int>(DrawsBySeed.Keys);
            }

            public int Flags { get; }

            /// <summary>Each late seed's draws, in the order the run recorded them.</summary>
            public Dictionary<int, List<int>> DrawsBySeed { get; }

            public HashSet<int> Seeds { get; }

            public override string ToString()
                => $"flags {Flags:x}, late seeds [{string.Join(", ", DrawsBySeed.OrderBy(pair => pair.Key).Select(pair => pair.Key + "<-" + string.Join("/", pair.Value)))}]";
        }
    }
}
