using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>What a call of an inventory member does to one generator the flow engine follows.</summary>
    internal readonly struct GeneratorEventRole
    {
        public GeneratorEventRole(EventKind kind, Generator generator, bool seedsFromValue)
        {
            Kind = kind;
            Generator = generator;
            SeedsFromValue = seedsFromValue;
        }

        public EventKind Kind { get; }

        public Generator Generator { get; }

        /// <summary>A seed given a seed value (<c>torch.manual_seed(1)</c>), not a restored state.</summary>
        public bool SeedsFromValue { get; }
    }

    /// <summary>
    /// The generators the flow engine follows, as data: for each, which inventory rows seed it,
    /// reseed it, or draw from it when called. The summarizer asks <see cref="Of"/> of every call
    /// with an inventory row and records the answer as an event of that generator; a new
    /// generator is a <see cref="Generator"/> and a row here, with no change to the engine.
    /// Work put on a CUDA device is not a row of the inventory's consumers but a device use
    /// (<see cref="CudaSignals"/>): the summarizer records it as a draw of <see cref="CudaUse"/>.
    /// </summary>
    internal static class GeneratorEvents
    {
        private delegate bool Draws(RandomnessKnowledge knowledge, InventoryEntry entry, ImmutableArray<IArgumentOperation> arguments);

        private sealed class Rules
        {
            public Rules(Generator generator, Func<InventoryEntry, bool> seeds, Func<InventoryEntry, bool> seedsFromValue, Func<InventoryEntry, bool> reseeds, Draws draws)
            {
                Generator = generator;
                Seeds = seeds;
                SeedsFromValue = seedsFromValue;
                Reseeds = reseeds;
                DrawsOnCall = draws;
            }

            public Generator Generator { get; }

            public Func<InventoryEntry, bool> Seeds { get; }

            public Func<InventoryEntry, bool> SeedsFromValue { get; }

            public Func<InventoryEntry, bool> Reseeds { get; }

            public Draws DrawsOnCall { get; }
        }

        private static readonly Rules[] Generators =
        {
            new Rules(
                Generator.TorchCuda,
                seeds: CudaSignals.IsCudaSeed,
                seedsFromValue: _ => true,
                reseeds: _ => false,
                draws: (_, _, _) => false),
            new Rules(
                Generator.TorchCpu,
                seeds: RandomnessKnowledge.IsTorchGlobalSeed,
                seedsFromValue: entry => entry.Member == "manual_seed",
                reseeds: RandomnessKnowledge.IsTorchGlobalReseed,
                draws: (knowledge, entry, arguments) => knowledge.TorchGlobalDraw(entry, arguments) is not null),
        };

        /// <summary>
        /// The generator that work put on a CUDA device (<see cref="CudaSignals.IsCudaUse"/>)
        /// draws from, as far as seeding order goes.
        /// </summary>
        public static Generator CudaUse => Generator.TorchCuda;

        /// <summary>
        /// What a call of the member with inventory row <paramref name="entry"/>, given
        /// <paramref name="arguments"/>, does to the generators: the first generator it seeds,
        /// reseeds or draws from when called; null when it does none of these.
        /// </summary>
        public static GeneratorEventRole? Of(RandomnessKnowledge knowledge, InventoryEntry entry, ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var rules in Generators)
            {
                if (rules.Seeds(entry))
                {
                    return new GeneratorEventRole(EventKind.Seed, rules.Generator, rules.SeedsFromValue(entry));
                }

                if (rules.Reseeds(entry))
                {
                    return new GeneratorEventRole(EventKind.Reseed, rules.Generator, seedsFromValue: false);
                }

                if (rules.DrawsOnCall(knowledge, entry, arguments))
                {
                    return new GeneratorEventRole(EventKind.Draw, rules.Generator, seedsFromValue: false);
                }
            }

            return null;
        }
    }
}
