using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    public sealed class RandomnessOutsideTorchSeedAnalyzerTests
    {
        private static Task VerifyAsync(string source, Libraries libraries = Libraries.TorchVision)
            => Verify.AnalyzerAsync<RandomnessOutsideTorchSeedAnalyzer>(source, libraries);

        private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(int markup, string message)
            => new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.RandomnessOutsideTorchSeed)
                .WithLocation(markup)
                .WithArguments(message);

        [Fact]
        public Task FlagsShufflingLoadersWithoutASeed()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Modules;

                class C
                {
                    void M(torch.utils.data.Dataset data, torch.utils.data.IterableDataset stream)
                    {
                        var a = {|SEED006:torch.utils.data.DataLoader(data, 32, shuffle: true)|};
                        var b = {|SEED006:torch.utils.data.DataLoader(data, 32, true)|};
                        var c = {|SEED006:torch.utils.data.DataLoader(stream, 32, shuffle: true)|};
                        var d = {|SEED006:new DataLoader(data, 32, shuffle: true)|};
                        var e = {|SEED006:new IterableDataLoader(stream, 32, shuffle: true, num_worker: 2)|};
                        DataLoader f = {|SEED006:new(data, 32, shuffle: true)|};
                    }
                }
                """);

        [Fact]
        public Task FlagsSeedsThatAreNull()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Modules;

                class C
                {
                    void M(torch.utils.data.Dataset data)
                    {
                        var a = {|SEED006:torch.utils.data.DataLoader(data, 32, shuffle: true, seed: null)|};
                        var b = {|SEED006:torch.utils.data.DataLoader(data, 32, true, null, null)|};
                        var c = {|SEED006:new DataLoader(data, 32, shuffle: true, seed: default)|};
                    }
                }
                """);

        [Fact]
        public Task FlagsTheGenericLoader()
            => VerifyAsync("""
                using System.Collections.Generic;
                using TorchSharp;
                using TorchSharp.Modules;

                class C
                {
                    DataLoader<long, torch.Tensor> M(torch.utils.data.Dataset<long> data)
                        => {|SEED006:new DataLoader<long, torch.Tensor>(data, 8, (IEnumerable<long> items, torch.Device device) => torch.zeros(1), shuffle: true)|};

                    DataLoader<long, torch.Tensor> N(torch.utils.data.Dataset<long> data)
                        => new DataLoader<long, torch.Tensor>(data, 8, (IEnumerable<long> items, torch.Device device) => torch.zeros(1), shuffle: true, seed: 1);
                }
                """);

        [Fact]
        public Task FlagsAShuffleThatIsNotAConstant()
            => VerifyAsync("""
                using TorchSharp;

                class C
                {
                    object M(torch.utils.data.Dataset data, bool training)
                        => {|SEED006:torch.utils.data.DataLoader(data, 32, shuffle: training)|};
                }
                """);

        [Fact]
        public Task FlagsShufflersWithoutASeed()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Utils;

                class C
                {
                    void M(torch.utils.data.Dataset data)
                    {
                        var a = torch.utils.data.DataLoader(data, 32, {|SEED006:new FisherYatesShuffler(data.Count)|});
                        var b = {|SEED006:new FisherYatesShuffler(100, seed: null)|};
                        var c = new FisherYatesShuffler(100, seed: 3);
                        var d = new FisherYatesShuffler(100, 4);
                    }
                }
                """);

        [Fact]
        public Task QuietWhenTheLoaderDoesNotShuffleOrHasASeed()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Modules;

                class C
                {
                    private const int Seed = 7;

                    void M(torch.utils.data.Dataset data, int seed, int? configured, System.Collections.Generic.IEnumerable<long> order)
                    {
                        var a = torch.utils.data.DataLoader(data, 32);
                        var b = torch.utils.data.DataLoader(data, 32, shuffle: false);
                        var c = torch.utils.data.DataLoader(data, 32, shuffle: true, seed: 1);
                        var d = torch.utils.data.DataLoader(data, 32, true, null, seed);
                        var e = new DataLoader(data, 32, shuffle: true, seed: Seed);
                        var f = new DataLoader(data, 32, shuffle: true, seed: configured);
                        var g = torch.utils.data.DataLoader(data, 32, order);
                        var h = new DataLoader(data, 32, false, null, null);
                    }
                }
                """);

        [Fact]
        public Task FlagsTorchVisionTransformsThatCannotBeSeeded()
            => VerifyAsync("""
                using TorchSharp;
                using static TorchSharp.torchvision;

                class C
                {
                    void M()
                    {
                        var a = {|SEED006:transforms.RandomResizedCrop(224)|};
                        var b = {|SEED006:transforms.RandomResizedCrop(224, 160, scaleMin: 0.5)|};
                        var c = {|SEED006:transforms.RandomRotation(30)|};
                        var d = {|SEED006:transforms.RandomRotation((-10.0, 10.0))|};
                        var e = {|SEED006:transforms.RandomOrder(transforms.HorizontalFlip(), transforms.VerticalFlip())|};
                        var f = {|SEED006:torchvision.transforms.RandomPerspective()|};
                    }
                }
                """);

        [Fact]
        public Task QuietOnTorchVisionTransformsThatUseTheTorchGeneratorOrNone()
            => VerifyAsync("""
                using TorchSharp;
                using static TorchSharp.torchvision;

                class C
                {
                    void M(torch.Generator generator)
                    {
                        var a = transforms.RandomHorizontalFlip();
                        var b = transforms.CenterCrop(224);
                        var c = transforms.Resize(256);
                        var d = transforms.RandomChoice(generator, transforms.HorizontalFlip(), transforms.VerticalFlip());
                        var e = transforms.Rotate(15f);
                        var f = transforms.Compose(transforms.Resize(256), transforms.CenterCrop(224));
                    }
                }
                """);

        /// <summary>The alternatives the messages and docs/rules/SEED006.md suggest compile against TorchVision 0.107.0 and are quiet.</summary>
        [Fact]
        public Task QuietOnTheSuggestedAlternatives()
            => VerifyAsync("""
                using System;
                using TorchSharp;
                using static TorchSharp.torchvision;

                class Augmentations
                {
                    private readonly Random _random = new Random(42);

                    // Evaluation: deterministic resize and crop instead of RandomResizedCrop.
                    public ITransform Evaluation() => transforms.Compose(transforms.Resize(256), transforms.CenterCrop(224));

                    // RandomRotation: the angle drawn from TorchSharp's global generator, which torch.manual_seed seeds.
                    public ITransform Rotation(float degrees)
                        => transforms.Lambda(image => transforms.functional.rotate(image, (torch.rand(1).item<float>() * 2 - 1) * degrees));

                    // RandomResizedCrop: the crop box drawn from a seeded System.Random.
                    public ITransform ResizedCrop(int size)
                        => transforms.Lambda(image =>
                        {
                            var height = (int)image.shape[^2];
                            var width = (int)image.shape[^1];
                            var side = (int)(Math.Min(height, width) * (0.5 + 0.5 * _random.NextDouble()));
                            var top = _random.Next(height - side + 1);
                            var left = _random.Next(width - side + 1);
                            return transforms.functional.resized_crop(image, top, left, side, side, size, size);
                        });

                    // RandomOrder: a fixed order, or an order shuffled by a seeded Random on every call.
                    public ITransform FixedOrder(params ITransform[] steps) => transforms.Compose(steps);

                    public ITransform SeededOrder(params ITransform[] steps)
                        => transforms.Lambda(image =>
                        {
                            var order = (ITransform[])steps.Clone();
                            _random.Shuffle(order);
                            foreach (var step in order)
                            {
                                image = step.call(image);
                            }

                            return image;
                        });

                    // RandomPerspective: corner points drawn from a seeded System.Random.
                    public ITransform Perspective(int height, int width, int jitter)
                        => transforms.Lambda(image =>
                        {
                            int[][] start = { new[] { 0, 0 }, new[] { width - 1, 0 }, new[] { width - 1, height - 1 }, new[] { 0, height - 1 } };
                            var end = new int[4][];
                            for (var i = 0; i < 4; i++)
                            {
                                end[i] = new[] { start[i][0] + _random.Next(-jitter, jitter + 1), start[i][1] + _random.Next(-jitter, jitter + 1) };
                            }

                            return transforms.functional.perspective(image, start, end);
                        });
                }
                """);

        [Fact]
        public Task QuietWhenTorchSharpIsNotReferenced()
            => VerifyAsync(
                """
                namespace Mine
                {
                    class DataLoader
                    {
                        public DataLoader(object data, int batchSize, bool shuffle = false, int? seed = null) { }
                    }

                    static class transforms
                    {
                        public static object RandomRotation(double degrees) => degrees;
                    }

                    class C
                    {
                        object A() => new DataLoader(new object(), 32, shuffle: true);
                        object B() => transforms.RandomRotation(30);
                    }
                }
                """,
                Libraries.MicrosoftML | Libraries.MathNet);

        [Fact]
        public Task FlagsLoadersWhenOnlyTorchSharpIsReferenced()
            => VerifyAsync(
                """
                using TorchSharp;

                class C
                {
                    object M(torch.utils.data.Dataset data) => {|SEED006:torch.utils.data.DataLoader(data, 32, shuffle: true)|};
                }
                """,
                Libraries.TorchSharp);

        [Fact]
        public Task QuietOnEmptySource() => VerifyAsync(string.Empty);

        [Fact]
        public Task QuietInGeneratedCode()
            => VerifyAsync("""
                // <auto-generated/>
                using TorchSharp;

                class C
                {
                    object M(torch.utils.data.Dataset data) => torch.utils.data.DataLoader(data, 32, shuffle: true);
                    object N() => torchvision.transforms.RandomRotation(30);
                }
                """);

        [Fact]
        public Task FlagsInTopLevelStatementsAndLambdas()
        {
            var test = new AnalyzerTest<RandomnessOutsideTorchSeedAnalyzer>(Libraries.TorchVision)
            {
                TestCode = """
                    using System;
                    using TorchSharp;

                    torch.manual_seed(1);
                    Func<torch.utils.data.Dataset, object> load = data => {|SEED006:torch.utils.data.DataLoader(data, 16, shuffle: true)|};
                    var augment = {|SEED006:torchvision.transforms.RandomRotation(15)|};
                    Console.WriteLine(load.GetHashCode() + augment.GetHashCode());
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task MessagesSayWhatDrawsAndWhatToDo()
        {
            var test = new AnalyzerTest<RandomnessOutsideTorchSeedAnalyzer>(Libraries.TorchVision)
            {
                TestCode = """
                    using TorchSharp;
                    using TorchSharp.Utils;
                    using static TorchSharp.torchvision;

                    class C
                    {
                        void M(torch.utils.data.Dataset data, bool training)
                        {
                            var a = {|#0:torch.utils.data.DataLoader(data, 32,
                                shuffle: true)|};
                            var b = {|#1:torch.utils.data.DataLoader(data, 32, shuffle: training)|};
                            var c = {|#2:new FisherYatesShuffler(10)|};
                            var d = {|#3:transforms.RandomResizedCrop(224)|};
                            var e = {|#4:transforms.RandomRotation(30)|};
                            var f = {|#5:transforms.RandomOrder(transforms.HorizontalFlip())|};
                            var g = {|#6:transforms.RandomPerspective()|};
                        }
                    }
                    """,
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nseeding.default_seed = 7\n"));
            const string Unseedable = " creates a new unseeded System.Random every time it runs and takes no seed, so torch.manual_seed cannot make it repeatable; ";
            test.ExpectedDiagnostics.AddRange(new[]
            {
                Expected(0, "'torch.utils.data.DataLoader(data, 32, shuffle: true)' shuffles with System.Random, which torch.manual_seed does not seed, so the batch order changes on every run; pass seed: 7"),
                Expected(1, "'torch.utils.data.DataLoader(data, 32, shuffle: training)' shuffles with System.Random whenever shuffle is true, and torch.manual_seed does not seed it, so the batch order changes on every run; pass seed: 7"),
                Expected(2, "'new FisherYatesShuffler(10)' draws its order from an unseeded System.Random, which torch.manual_seed does not seed, so the order changes on every run; pass seed: 7"),
                Expected(3, "'transforms.RandomResizedCrop(224)'" + Unseedable + "for evaluation use Resize and CenterCrop; to augment reproducibly, draw the crop box from a seeded generator and apply transforms.functional.resized_crop (e.g. inside transforms.Lambda)"),
                Expected(4, "'transforms.RandomRotation(30)'" + Unseedable + "to augment reproducibly, draw the angle from a seeded generator and apply transforms.functional.rotate (e.g. inside transforms.Lambda)"),
                Expected(5, "'transforms.RandomOrder(transforms.HorizontalFlip())'" + Unseedable + "apply the transforms in a fixed order with transforms.Compose, or shuffle them yourself with a seeded Random"),
                Expected(6, "'transforms.RandomPerspective()'" + Unseedable + "to augment reproducibly, draw the corner points from a seeded generator and apply transforms.functional.perspective (e.g. inside transforms.Lambda)"),
            });
            return test.RunAsync();
        }

        [Fact]
        public Task DoesNotThrowOnCodeThatDoesNotCompile()
            => VerifyAsync("""
                using TorchSharp;
                using static TorchSharp.torchvision;

                class C
                {
                    void M(torch.utils.data.Dataset data)
                    {
                        var a = {|SEED006:torch.utils.data.DataLoader(data, 32, shuffle: true)|}{|CS1002:|}
                        var b = torch.utils.data.DataLoader(data, 32, shuffle: {|CS0103:maybe|});
                        var c = torch.utils.data.{|CS1501:DataLoader|}(data, 32, true, null, null, 1, true, true, true, 9);
                        var d = transforms.{|CS0117:RandomCrop|}(224);
                        var e = transforms.RandomRotation({|CS1503:"thirty"|});
                    }
                }
                """);

        [Fact]
        public Task QuietWhileTheArgumentsAreBeingTyped()
            => VerifyAsync("""
                using TorchSharp;

                class C
                {
                    void M(torch.utils.data.Dataset data)
                    {
                        var a = torch.utils.data.DataLoader(data, 32, shuffle: true{|CS1026:|}{|CS1002:|}
                    }
                }
                """);
    }
}
