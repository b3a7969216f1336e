using System;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Corpus
{
    /// <summary>
    /// A regression corpus of the shapes real TorchSharp and ML.NET projects take (written for
    /// these tests, not taken from any project): each program is compiled once against the real
    /// reference assemblies, every SEED rule runs on it, and the expected diagnostics are the
    /// whole set — id, span and additional locations — nothing more, nothing less.
    /// </summary>
    public sealed class RealWorldShapesTests
    {
        // ---- TorchSharp: a model library of three modules, composed ----

        /// <summary>The first module the regressor builds; its first field draws first. #2 marks that draw.</summary>
        private const string EncoderFile = """
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            namespace Forecast.Models
            {
                /// <summary>Two hidden layers over the feature vector.</summary>
                public sealed class Encoder : nn.Module<Tensor, Tensor>
                {
                    private readonly Linear _input = {|#2:nn.Linear(12, 64)|};
                    private readonly Linear _hidden = nn.Linear(64, 32);
                    private readonly Dropout _dropout = nn.Dropout(0.2);

                    public Encoder()
                        : base(nameof(Encoder))
                    {
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor input)
                    {
                        using var first = nn.functional.relu(_input.forward(input));
                        return nn.functional.relu(_hidden.forward(_dropout.forward(first)));
                    }
                }
            }
            """;

        private const string RegressorFile = """
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            namespace Forecast.Models
            {
                /// <summary>The encoder and a linear head.</summary>
                public sealed class Regressor : nn.Module<Tensor, Tensor>
                {
                    private readonly Encoder _encoder = new Encoder();
                    private readonly Linear _head = nn.Linear(32, 1);

                    public Regressor()
                        : base(nameof(Regressor))
                    {
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor input) => _head.forward(_encoder.forward(input));
                }
            }
            """;

        private const string EmbeddingModelFile = """
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            namespace Forecast.Models
            {
                /// <summary>A second model of the library, built in its constructor.</summary>
                public sealed class StoreEmbedding : nn.Module<Tensor, Tensor>
                {
                    private readonly Embedding _stores;
                    private readonly Linear _project;

                    public StoreEmbedding(long storeCount)
                        : base(nameof(StoreEmbedding))
                    {
                        _stores = nn.Embedding(storeCount, 16);
                        _project = nn.Linear(16, 12);
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor storeIds) => _project.forward(_stores.forward(storeIds));
                }
            }
            """;

        /// <summary>The training loop every console program of the TorchSharp shapes shares.</summary>
        private const string TrainerFile = """
            using System;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Forecast
            {
                internal static class Trainer
                {
                    public static void Fit(nn.Module<Tensor, Tensor> model, Tensor features, Tensor targets, int epochs)
                    {
                        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
                        var loss = nn.MSELoss();
                        model.train();
                        for (var epoch = 0; epoch < epochs; epoch++)
                        {
                            optimizer.zero_grad();
                            using var output = model.forward(features);
                            using var error = loss.forward(output, targets);
                            error.backward();
                            optimizer.step();
                            Console.WriteLine($"epoch {epoch}: {error.item<float>():F4}");
                        }
                    }
                }
            }
            """;

        /// <summary>Shape 1: Main builds the models and trains; nothing seeds. #0 is the first place in Main that draws.</summary>
        private const string UnseededProgramFile = """
            using System;
            using Forecast.Models;
            using static TorchSharp.torch;

            namespace Forecast
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var epochs = args.Length > 0 ? int.Parse(args[0]) : 10;
                        Console.WriteLine("building the models");
                        var model = {|#0:new Regressor()|};
                        var stores = new StoreEmbedding(40);
                        var features = stores.forward(arange(256) % 40);
                        var targets = randn(256, 1);
                        Trainer.Fit(model, features.detach(), targets, epochs);
                        model.save("regressor.bin");
                    }
                }
            }
            """;

        /// <summary>Shape 2: the seed comes, but after the models are built. #0 is the seed, #1 the first place before it that draws.</summary>
        private const string LateSeedProgramFile = """
            using System;
            using Forecast.Models;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Forecast
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var epochs = args.Length > 0 ? int.Parse(args[0]) : 10;
                        var model = {|#1:new Regressor()|};
                        var stores = new StoreEmbedding(40);
                        {|#0:torch.manual_seed(42)|};
                        var features = stores.forward(arange(256) % 40);
                        var targets = randn(256, 1);
                        Trainer.Fit(model, features.detach(), targets, epochs);
                        model.save("regressor.bin");
                    }
                }
            }
            """;

        /// <summary>Shape 3: seed first (CPU and CUDA), the device chosen at run time, a loader with its own seed.</summary>
        private const string SeededProgramFile = """
            using System;
            using System.Collections.Generic;
            using Forecast.Models;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Forecast
            {
                internal static class Program
                {
                    private const int Seed = 2024;

                    private static void Main()
                    {
                        torch.manual_seed(Seed);
                        torch.cuda.manual_seed_all(Seed);
                        var device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;

                        var model = new Regressor().to(device);
                        var data = new SalesData(randn(1024, 12), randn(1024, 1));
                        using var loader = torch.utils.data.DataLoader(data, 64, shuffle: true, device: device, seed: Seed);
                        var optimizer = optim.SGD(model.parameters(), 0.01);
                        var loss = nn.MSELoss();
                        for (var epoch = 0; epoch < 5; epoch++)
                        {
                            foreach (var batch in loader)
                            {
                                optimizer.zero_grad();
                                using var error = loss.forward(model.forward(batch["features"]), batch["target"]);
                                error.backward();
                                optimizer.step();
                            }

                            Console.WriteLine($"epoch {epoch} done");
                        }
                    }
                }

                internal sealed class SalesData : torch.utils.data.Dataset
                {
                    private readonly Tensor _features;
                    private readonly Tensor _targets;

                    public SalesData(Tensor features, Tensor targets)
                    {
                        _features = features;
                        _targets = targets;
                    }

                    public override long Count => _features.shape[0];

                    public override Dictionary<string, Tensor> GetTensor(long index)
                        => new() { ["features"] = _features[index], ["target"] = _targets[index] };
                }
            }
            """;

        /// <summary>Shape 9: the models as a library of their own, with a factory and no entry point.</summary>
        private const string ModelFactoryFile = """
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Forecast.Models
            {
                public static class ModelFactory
                {
                    public static Regressor CreateRegressor() => new Regressor();

                    public static StoreEmbedding CreateEmbedding(long stores) => new StoreEmbedding(stores);

                    public static Tensor Noise(long count) => randn(count, 12) * 0.01;
                }
            }
            """;

        [Fact]
        public Task ConsoleAppWithAModelLibraryAndNoSeedGetsOneSeed003InMain()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", UnseededProgramFile), ("/Models/Encoder.cs", EncoderFile), ("/Models/Regressor.cs", RegressorFile), ("/Models/StoreEmbedding.cs", EmbeddingModelFile), ("/Trainer.cs", TrainerFile) },
                Expect(DiagnosticIds.MissingTorchSeed, 0, 2));

        [Fact]
        public Task ConsoleAppThatSeedsAfterBuildingTheModelGetsSeed002Only()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", LateSeedProgramFile), ("/Models/Encoder.cs", EncoderFile), ("/Models/Regressor.cs", RegressorFile), ("/Models/StoreEmbedding.cs", EmbeddingModelFile), ("/Trainer.cs", TrainerFile) },
                Expect(DiagnosticIds.SeedAfterDraw, 0, 1));

        [Fact]
        public Task CorrectlySeededTrainingProgramGetsNothing()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", SeededProgramFile), ("/Models/Encoder.cs", EncoderFile), ("/Models/Regressor.cs", RegressorFile) });

        [Fact]
        public Task ModelLibraryWithoutEntryPointGetsNothing()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.DynamicallyLinkedLibrary,
                new[] { ("/ModelFactory.cs", ModelFactoryFile), ("/Models/Encoder.cs", EncoderFile), ("/Models/Regressor.cs", RegressorFile), ("/Models/StoreEmbedding.cs", EmbeddingModelFile) });

        // ---- ML.NET: the data classes every shape shares ----

        private const string TransactionFile = """
            using Microsoft.ML.Data;

            namespace Fraud
            {
                public sealed class Transaction
                {
                    [LoadColumn(0)]
                    public float Amount { get; set; }

                    [LoadColumn(1)]
                    public float Hour { get; set; }

                    [LoadColumn(2)]
                    [ColumnName("Label")]
                    public bool IsFraud { get; set; }
                }

                public sealed class FraudPrediction
                {
                    [ColumnName("PredictedLabel")]
                    public bool IsFraud { get; set; }

                    public float Probability { get; set; }
                }
            }
            """;

        /// <summary>Shape 4: the composition root creates the context and hands it to the services. #0 is the context.</summary>
        private const string CompositionRootFile = """
            namespace Fraud
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var context = {|#0:new Microsoft.ML.MLContext()|};
                        var factory = new TrainerFactory(context);
                        var service = new FraudTrainingService(context, factory);
                        service.Train(args[0], "fraud.zip");
                    }
                }
            }
            """;

        /// <summary>Builds the trainer from the context it was given. #1 is the first trainer.</summary>
        private const string TrainerFactoryFile = """
            using Microsoft.ML;

            namespace Fraud
            {
                public enum TrainerKind
                {
                    Linear,
                    Trees,
                }

                public sealed class TrainerFactory
                {
                    private readonly MLContext _context;

                    public TrainerFactory(MLContext context)
                    {
                        _context = context;
                    }

                    public IEstimator<ITransformer> Create(TrainerKind kind) => kind switch
                    {
                        TrainerKind.Linear => {|#1:_context.BinaryClassification.Trainers.SdcaLogisticRegression()|},
                        _ => _context.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20),
                    };
                }
            }
            """;

        private const string TrainingServiceFile = """
            using Microsoft.ML;

            namespace Fraud
            {
                public sealed class FraudTrainingService
                {
                    private readonly MLContext _context;
                    private readonly TrainerFactory _factory;

                    public FraudTrainingService(MLContext context, TrainerFactory factory)
                    {
                        _context = context;
                        _factory = factory;
                    }

                    public void Train(string dataPath, string modelPath)
                    {
                        var data = _context.Data.LoadFromTextFile<Transaction>(dataPath, separatorChar: ',', hasHeader: true);
                        var pipeline = _context.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Hour))
                            .Append(_factory.Create(TrainerKind.Linear));
                        var model = pipeline.Fit(data);
                        _context.Model.Save(model, data.Schema, modelPath);
                    }
                }
            }
            """;

        /// <summary>Shape 4, the other way round: a service owns its context in a field and has a factory method. #0 is the context, #1 the trainer.</summary>
        private const string SelfContainedServiceFile = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers.FastTree;

            namespace Fraud
            {
                public sealed class RetrainingJob
                {
                    private readonly MLContext _ml = {|#0:new()|};

                    public ITransformer Run(IDataView history)
                    {
                        var pipeline = _ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Hour))
                            .Append(CreateTrainer());
                        return pipeline.Fit(history);
                    }

                    private FastTreeBinaryTrainer CreateTrainer()
                        => {|#1:_ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 200)|};
                }
            }
            """;

        /// <summary>Shape 5: a prediction service that loads a trained model and scores, in a web-style front end.</summary>
        private const string ScoringServiceFile = """
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.ML;

            namespace Fraud
            {
                public sealed class FraudScorer
                {
                    private readonly MLContext _ml = new MLContext();
                    private readonly ITransformer _model;
                    private readonly PredictionEngine<Transaction, FraudPrediction> _engine;

                    public FraudScorer(string modelPath)
                    {
                        _model = _ml.Model.Load(modelPath, out _);
                        _engine = _ml.Model.CreatePredictionEngine<Transaction, FraudPrediction>(_model);
                    }

                    public FraudPrediction Score(Transaction transaction) => _engine.Predict(transaction);

                    public List<FraudPrediction> ScoreFile(string path)
                    {
                        var data = _ml.Data.LoadFromTextFile<Transaction>(path, separatorChar: ',', hasHeader: true);
                        var scored = _model.Transform(data);
                        return _ml.Data.CreateEnumerable<FraudPrediction>(scored, reuseRowObject: false).ToList();
                    }
                }
            }
            """;

        private const string ScoringProgramFile = """
            using System;

            namespace Fraud
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var scorer = new FraudScorer("fraud.zip");
                        var single = scorer.Score(new Transaction { Amount = 912.5f, Hour = 3 });
                        Console.WriteLine($"{single.IsFraud} {single.Probability:P1}");
                        foreach (var prediction in scorer.ScoreFile(args[0]))
                        {
                            Console.WriteLine(prediction.Probability);
                        }
                    }
                }
            }
            """;

        /// <summary>Shape 6: model selection by a held-out split, then cross-validation of the winner, on an unseeded context. #0 is the context, #1 the first use of its generator.</summary>
        private const string ModelSelectionFile = """
            using System;
            using System.Collections.Generic;
            using Microsoft.ML;

            namespace Fraud
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var ml = {|#0:new MLContext()|};
                        var data = ml.Data.LoadFromTextFile<Transaction>(args[0], separatorChar: ',', hasHeader: true);
                        var split = {|#1:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
                        var features = ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Hour));

                        var candidates = new List<(string Name, IEstimator<ITransformer> Trainer)>
                        {
                            ("sdca", ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
                            ("lbfgs", ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
                            ("trees", ml.BinaryClassification.Trainers.FastTree()),
                        };

                        var best = candidates[0];
                        var bestAuc = 0.0;
                        foreach (var candidate in candidates)
                        {
                            var model = features.Append(candidate.Trainer).Fit(split.TrainSet);
                            var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(split.TestSet));
                            if (metrics.AreaUnderRocCurve > bestAuc)
                            {
                                (best, bestAuc) = (candidate, metrics.AreaUnderRocCurve);
                            }
                        }

                        var folds = ml.BinaryClassification.CrossValidateNonCalibrated(data, features.Append(best.Trainer), numberOfFolds: 5);
                        foreach (var fold in folds)
                        {
                            Console.WriteLine($"{best.Name} fold {fold.Fold}: {fold.Metrics.AreaUnderRocCurve:F3}");
                        }
                    }
                }
            }
            """;

        [Fact]
        public Task TrainersBuiltByAFactoryFromAnInjectedContextGetSeed005AtTheContext()
            => AllRulesTest.RunAsync(
                Libraries.MicrosoftML,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", CompositionRootFile), ("/TrainerFactory.cs", TrainerFactoryFile), ("/FraudTrainingService.cs", TrainingServiceFile), ("/Transaction.cs", TransactionFile) },
                Expect(DiagnosticIds.UnseededMLContext, 0, 1));

        [Fact]
        public Task ServiceOwningItsContextWithATrainerFactoryMethodGetsSeed005AtTheField()
            => AllRulesTest.RunAsync(
                Libraries.MicrosoftML,
                OutputKind.DynamicallyLinkedLibrary,
                new[] { ("/RetrainingJob.cs", SelfContainedServiceFile), ("/Transaction.cs", TransactionFile) },
                Expect(DiagnosticIds.UnseededMLContext, 0, 1));

        [Fact]
        public Task ScoringOnlyAppGetsNothing()
            => AllRulesTest.RunAsync(
                Libraries.MicrosoftML,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", ScoringProgramFile), ("/FraudScorer.cs", ScoringServiceFile), ("/Transaction.cs", TransactionFile) });

        [Fact]
        public Task ModelSelectionAndCrossValidationOnAnUnseededContextGetOneSeed005()
            => AllRulesTest.RunAsync(
                Libraries.MicrosoftML,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", ModelSelectionFile), ("/Transaction.cs", TransactionFile) },
                Expect(DiagnosticIds.UnseededMLContext, 0, 1));

        // ---- Seeds from configuration, and from the clock ----

        /// <summary>Shape 7: the seed lives in a const and in a settings object; one helper seeds everything first.</summary>
        private const string ConfiguredSeedsFile = """
            using System;
            using System.IO;
            using System.Linq;
            using System.Text.Json;
            using Microsoft.ML;
            using TorchSharp;

            namespace Pipeline
            {
                public static class TrainingConfig
                {
                    public const int Seed = 1234;
                }

                public sealed class Settings
                {
                    public int Seed { get; init; } = TrainingConfig.Seed;

                    public int Epochs { get; init; } = 3;

                    public static Settings Load(string path)
                        => File.Exists(path) ? JsonSerializer.Deserialize<Settings>(File.ReadAllText(path)) ?? new Settings() : new Settings();
                }

                public static class Reproducibility
                {
                    public static void SeedEverything(int seed)
                    {
                        torch.manual_seed(seed);
                        torch.cuda.manual_seed_all(seed);
                    }
                }

                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var settings = Settings.Load(args.Length > 0 ? args[0] : "settings.json");
                        Reproducibility.SeedEverything(settings.Seed);

                        var sampler = new Random(TrainingConfig.Seed);
                        var order = new int[100];
                        for (var i = 0; i < order.Length; i++)
                        {
                            order[i] = i;
                        }

                        sampler.Shuffle(order);
                        var net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1));
                        var weights = torch.randn(8, 1);
                        Console.WriteLine($"{net.parameters().Count()} {weights.sum().item<float>()} {order[0]}");

                        var ml = new MLContext(seed: settings.Seed);
                        var data = ml.Data.LoadFromTextFile<Row>("rows.csv", separatorChar: ',', hasHeader: true);
                        var model = ml.Regression.Trainers.Sdca().Fit(ml.Transforms.Concatenate("Features", nameof(Row.X)).Fit(data).Transform(data));
                        Console.WriteLine(model.Model.Bias);
                    }
                }

                public sealed class Row
                {
                    [Microsoft.ML.Data.LoadColumn(0)]
                    public float X { get; set; }

                    [Microsoft.ML.Data.LoadColumn(1)]
                    public float Label { get; set; }
                }
            }
            """;

        /// <summary>Shape 7: a static config class whose seed is the clock. #1, #3 and #5 mark the sources (a static readonly field, a method, a get-only property), #0, #2, #4 and #6 the seeds given to the seeding calls.</summary>
        private const string ClockConfigFile = """
            using System;

            namespace Pipeline
            {
                public static class RunConfig
                {
                    public static readonly int Seed = {|#1:Environment.TickCount|};

                    public static int SplitSeed { get; } = {|#5:Guid.NewGuid().GetHashCode()|};

                    public static long MakeSeed() => {|#3:DateTime.UtcNow.Ticks|};
                }
            }
            """;

        private const string ClockSeededProgramFile = """
            using System;
            using TorchSharp;

            namespace Pipeline
            {
                internal static class Program
                {
                    private static void Main()
                    {
                        torch.manual_seed({|#0:RunConfig.Seed|});
                        var sampler = new Random({|#2:RunConfig.Seed|});
                        var splitSeed = RunConfig.SplitSeed;
                        var splitter = new Random({|#6:splitSeed|});
                        var generator = new torch.Generator({|#4:unchecked((ulong)RunConfig.MakeSeed())|});
                        var weights = torch.randn(new long[] { 8, 1 }, generator: generator);
                        var net = torch.nn.Linear(8, 1);
                        Console.WriteLine($"{weights.sum().item<float>()} {sampler.Next()} {splitter.Next()} {net.weight!.shape[0]}");
                    }
                }
            }
            """;

        [Fact]
        public Task SeedsReadFromConstantsAndSettingsGetNothing()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp | Libraries.MicrosoftML,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", ConfiguredSeedsFile) });

        [Fact]
        public Task ClockSeedsInAStaticConfigClassGetSeed004AtEachSeedWithTheSourceAsAdditionalLocation()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", ClockSeededProgramFile), ("/RunConfig.cs", ClockConfigFile) },
                Expect(DiagnosticIds.NondeterministicSeed, 0, 1),
                Expect(DiagnosticIds.NondeterministicSeed, 2, 1),
                Expect(DiagnosticIds.NondeterministicSeed, 4, 3),
                Expect(DiagnosticIds.NondeterministicSeed, 6, 5));

        // ---- Parallel data augmentation ----

        /// <summary>Shape 8: one seeded Random shared by every iteration (#0), and the per-index version beside it.</summary>
        private const string AugmentationFile = """
            using System;
            using System.Threading.Tasks;

            namespace Augmentation
            {
                public static class Jitter
                {
                    private const int Seed = 17;

                    public static void Shared(float[][] images)
                    {
                        var rng = new Random(Seed);
                        Parallel.For(0, images.Length, i =>
                        {
                            var amount = (float){|#0:rng.NextDouble()|} * 0.1f;
                            images[i] = Shift(images[i], amount);
                        });
                    }

                    public static void PerIndex(float[][] images)
                    {
                        Parallel.For(0, images.Length, i =>
                        {
                            var rng = new Random(unchecked(Seed * 1_000_003 + i));
                            var amount = (float)rng.NextDouble() * 0.1f;
                            images[i] = Shift(images[i], amount);
                        });
                    }

                    private static float[] Shift(float[] image, float amount)
                    {
                        var shifted = new float[image.Length];
                        for (var p = 0; p < image.Length; p++)
                        {
                            shifted[p] = Math.Clamp(image[p] + amount, 0f, 1f);
                        }

                        return shifted;
                    }
                }
            }
            """;

        [Fact]
        public Task SharedRandomInParallelForGetsSeed008AndThePerIndexVersionNothing()
            => AllRulesTest.RunAsync(
                Libraries.None,
                OutputKind.DynamicallyLinkedLibrary,
                new[] { ("/Jitter.cs", AugmentationFile) },
                Expect(DiagnosticIds.SharedGeneratorAcrossThreads, 0));

        /// <summary>Shape 8 as real projects lay it out: the augmenter, owning its seeded Random, in a file of its own.</summary>
        private const string AugmenterFile = """
            using System;

            namespace Augmentation
            {
                public sealed class Augmenter
                {
                    private readonly Random _rng;

                    public Augmenter(int seed)
                    {
                        _rng = new Random(seed);
                    }

                    public float[] Brighten(float[] image)
                    {
                        var gain = 1f + ((float)_rng.NextDouble() * 0.2f);
                        var result = new float[image.Length];
                        for (var p = 0; p < image.Length; p++)
                        {
                            result[p] = Math.Min(image[p] * gain, 1f);
                        }

                        return result;
                    }
                }
            }
            """;

        /// <summary>The batch step that runs the augmenter of another file in Parallel.For. #0 is the call that draws.</summary>
        private const string AugmentBatchFile = """
            using System.Threading.Tasks;

            namespace Augmentation
            {
                public static class AugmentBatch
                {
                    public static void Run(float[][] images, int seed)
                    {
                        var augmenter = new Augmenter(seed);
                        Parallel.For(0, images.Length, i => images[i] = {|#0:augmenter.Brighten(images[i])|});
                    }
                }
            }
            """;

        [Fact(Skip = "Miss: SEED008 follows a System.Random draw one call deep only into methods declared in the same file as the "
            + "work item (documented on SEED008's page). With Augmenter in its own file, as augmenters usually are, the rule reports "
            + "nothing; with both classes in one file it reports this call.")]
        public Task SharedAugmenterOfAnotherFileInParallelForGetsSeed008()
            => AllRulesTest.RunAsync(
                Libraries.None,
                OutputKind.DynamicallyLinkedLibrary,
                new[] { ("/AugmentBatch.cs", AugmentBatchFile), ("/Augmenter.cs", AugmenterFile) },
                Expect(DiagnosticIds.SharedGeneratorAcrossThreads, 0));

        // ---- System.Random in business code ----

        /// <summary>Shape 10: an unseeded shuffler (#0) and a retry jitter on Random.Shared (#1).</summary>
        private const string BusinessCodeFile = """
            using System;
            using System.Collections.Generic;

            namespace Shop
            {
                public sealed class PlaylistShuffler
                {
                    private readonly Random _random = {|#0:new Random()|};

                    public void Shuffle<T>(IList<T> items)
                    {
                        for (var i = items.Count - 1; i > 0; i--)
                        {
                            var j = _random.Next(i + 1);
                            (items[i], items[j]) = (items[j], items[i]);
                        }
                    }
                }

                public static class RetryPolicy
                {
                    public static TimeSpan Backoff(int attempt)
                        => TimeSpan.FromMilliseconds((100 * Math.Pow(2, attempt)) + {|#1:Random.Shared|}.Next(0, 50));
                }
            }
            """;

        [Fact]
        public Task SystemRandomInBusinessCodeGetsSeed001ForTheShufflerAndRandomShared()
            => AllRulesTest.RunAsync(
                Libraries.None,
                OutputKind.DynamicallyLinkedLibrary,
                new[] { ("/Shop.cs", BusinessCodeFile) },
                Expect(DiagnosticIds.UnseededRandom, 0),
                Expect(DiagnosticIds.UnseededRandom, 1));

        /// <summary>The corpus runs every rule: a rule missing from the run would make "nothing" pass for the wrong reason.</summary>
        [Fact]
        public void TheCorpusRunsEveryRuleThePackageDeclares()
        {
            var declared = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(field => (string)field.GetValue(null)!)
                .OrderBy(id => id, StringComparer.Ordinal);
            var run = AllRulesTest.NewAnalyzers()
                .SelectMany(analyzer => analyzer.SupportedDiagnostics)
                .Select(descriptor => descriptor.Id)
                .Distinct()
                .OrderBy(id => id, StringComparer.Ordinal);
            Assert.Equal(declared, run);
        }

        /// <summary>A diagnostic of <paramref name="id"/> at markup location <paramref name="location"/>, with the others as its additional locations.</summary>
        private static DiagnosticResult Expect(string id, int location, params int[] additionalLocations)
        {
            var result = new DiagnosticResult(id, DiagnosticSeverity.Warning).WithLocation(location);
            foreach (var additional in additionalLocations)
            {
                result = result.WithLocation(additional);
            }

            return result;
        }
    }
}
