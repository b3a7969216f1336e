using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Seeding.Benchmarks
{
    /// <summary>What a generated compilation holds.</summary>
    internal enum Mix
    {
        /// <summary>Business code, System.Random uses and TorchSharp training code; references TorchSharp.</summary>
        MachineLearning,

        /// <summary>Business code only: no TorchSharp, no ML.NET, no Random anywhere.</summary>
        Plain,
    }

    /// <summary>One generated source file.</summary>
    internal sealed class GeneratedFile
    {
        public GeneratedFile(string path, string text)
        {
            Path = path;
            Text = text;
        }

        public string Path { get; }

        public string Text { get; }
    }

    /// <summary>
    /// Writes a program of <c>n</c> files, the same for the same arguments on every run (a fixed
    /// seed, no clock). File 0 holds <c>Main</c>; every file <c>i</c> has a class <c>Node{i}</c>
    /// whose <c>Run</c> calls the <c>Run</c> of files <c>2i+1</c> and <c>2i+2</c>, so everything is
    /// reachable from the entry point through calls across files. In the machine-learning mix a
    /// file is business code (60 %), System.Random code (15 %) or TorchSharp training code (25 %).
    /// </summary>
    internal static class CodeGenerator
    {
        private const ulong Seed = 0x5EED_2024_0001UL;
        private const int FilesPerArea = 50;

        public static List<GeneratedFile> Generate(int files, Mix mix)
        {
            var random = new SplitMix64(Seed ^ (ulong)files ^ ((ulong)mix << 40));
            var result = new List<GeneratedFile>(files);
            result.Add(new GeneratedFile("Program.cs", ProgramFile(files, mix)));
            for (var i = 1; i < files; i++)
            {
                var roll = random.Next(100);
                string text;
                if (mix == Mix.Plain || roll < 60)
                {
                    text = random.Next(2) == 0 ? OrdersFile(i, files, random) : ServiceFile(i, files, random);
                }
                else if (roll < 75)
                {
                    text = RandomFile(i, files, random);
                }
                else
                {
                    text = TorchFile(i, files, random);
                }

                result.Add(new GeneratedFile(Area(i).Replace('.', '/') + "/" + Node(i) + ".cs", text));
            }

            return result;
        }

        private static string Area(int i) => "Bench.Area" + (i / FilesPerArea).ToString("D2", CultureInfo.InvariantCulture);

        private static string Node(int i) => "Node" + i.ToString("D4", CultureInfo.InvariantCulture);

        private static string Qualified(int i) => "global::" + Area(i) + "." + Node(i);

        /// <summary>The calls to the two children of node <paramref name="i"/> that exist, adding to <paramref name="variable"/>.</summary>
        private static string ChildCalls(int i, int files, string variable, string indent)
        {
            var builder = new StringBuilder();
            for (var child = (2 * i) + 1; child <= (2 * i) + 2 && child < files; child++)
            {
                builder.Append(indent).Append(variable).Append(" += ").Append(Qualified(child))
                    .Append(".Run(").Append(variable).Append(" % 97);\n");
            }

            return builder.ToString();
        }

        private static string ProgramFile(int files, Mix mix)
        {
            var calls = ChildCalls(0, files, "total", "            ");
            var usings = mix == Mix.MachineLearning ? "using TorchSharp;\n" : string.Empty;
            var after = mix == Mix.MachineLearning
                ? "            torch.manual_seed(2024);\n            total += (int)torch.rand(1).item<float>();\n"
                : string.Empty;
            return $$"""
                using System;
                {{usings}}
                namespace Bench
                {
                    public static class Program
                    {
                        public static int Main(string[] args)
                        {
                            int total = args.Length;
                {{calls}}{{after}}            Console.WriteLine(total);
                            return 0;
                        }
                    }
                }

                """;
        }

        /// <summary>Records, LINQ, loops, a switch and checked arithmetic; no randomness.</summary>
        private static string OrdersFile(int i, int files, SplitMix64 random)
        {
            var node = Node(i);
            var count = 5 + random.Next(20);
            var threshold = 10 + random.Next(50);
            return $$"""
                using System;
                using System.Collections.Generic;
                using System.Globalization;
                using System.Linq;
                using System.Text;

                namespace {{Area(i)}}
                {
                    public sealed record Order{{i}}(int Id, string Customer, decimal Amount, DateOnly Day);

                    public static class {{node}}
                    {
                        private static readonly string[] Regions = { "north", "south", "east", "west" };

                        public static int Run(int input)
                        {
                            var orders = Build(input + {{count}});
                            var summary = Summarise(orders);
                            int result = Describe(summary).Length + Score(orders, input);
                {{ChildCalls(i, files, "result", "            ")}}            return result;
                        }

                        private static List<Order{{i}}> Build(int count)
                        {
                            var list = new List<Order{{i}}>(count);
                            for (int k = 0; k < count; k++)
                            {
                                var region = Regions[k % Regions.Length];
                                list.Add(new Order{{i}}(k, region + "-" + k.ToString(CultureInfo.InvariantCulture), 10.5m * (k % 7), new DateOnly(2024, 1 + (k % 12), 1 + (k % 28))));
                            }

                            return list;
                        }

                        private static Dictionary<string, decimal> Summarise(IEnumerable<Order{{i}}> orders)
                            => orders.GroupBy(o => o.Customer.Split('-')[0]).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));

                        private static string Describe(Dictionary<string, decimal> summary)
                        {
                            var builder = new StringBuilder();
                            foreach (var pair in summary.OrderBy(p => p.Key, StringComparer.Ordinal))
                            {
                                builder.Append(pair.Key).Append(": ").Append(pair.Value.ToString("F2", CultureInfo.InvariantCulture)).AppendLine();
                            }

                            return builder.ToString();
                        }

                        private static int Score(List<Order{{i}}> orders, int bias)
                        {
                            int score = 0;
                            foreach (var order in orders)
                            {
                                switch (order.Day.DayOfWeek)
                                {
                                    case DayOfWeek.Saturday:
                                    case DayOfWeek.Sunday:
                                        score += 2;
                                        break;
                                    default:
                                        score += order.Amount > {{threshold}}m ? 3 : 1;
                                        break;
                                }
                            }

                            try
                            {
                                score = checked(score * (bias + 1));
                            }
                            catch (OverflowException)
                            {
                                score = int.MaxValue;
                            }

                            return score;
                        }
                    }
                }

                """;
        }

        /// <summary>An interface, a class with state, properties, pattern matching, a local function, async; no randomness.</summary>
        private static string ServiceFile(int i, int files, SplitMix64 random)
        {
            var node = Node(i);
            var capacity = 8 + random.Next(56);
            return $$"""
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                namespace {{Area(i)}}
                {
                    public interface IStore{{i}}
                    {
                        bool TryGet(string key, out int value);

                        void Put(string key, int value);
                    }

                    public sealed class Store{{i}} : IStore{{i}}
                    {
                        private readonly Dictionary<string, int> _items = new Dictionary<string, int>(StringComparer.Ordinal);
                        private readonly int _capacity;

                        public Store{{i}}(int capacity) => _capacity = capacity;

                        public int Count => _items.Count;

                        public bool IsFull => _items.Count >= _capacity;

                        public bool TryGet(string key, out int value) => _items.TryGetValue(key, out value);

                        public void Put(string key, int value)
                        {
                            if (IsFull && !_items.ContainsKey(key))
                            {
                                throw new InvalidOperationException($"Store {{i}} is full ({_capacity} items).");
                            }

                            _items[key] = value;
                        }
                    }

                    public static class {{node}}
                    {
                        public static int Run(int input)
                        {
                            var store = new Store{{i}}({{capacity}});
                            int result = Fill(store, input) + Classify(input) switch
                            {
                                "small" => 1,
                                "medium" => 2,
                                _ => 3,
                            };
                            result += RunAsync(store, input).GetAwaiter().GetResult();
                {{ChildCalls(i, files, "result", "            ")}}            return result;
                        }

                        private static int Fill(IStore{{i}} store, int input)
                        {
                            int added = 0;
                            for (int k = 0; k < {{capacity}}; k++)
                            {
                                store.Put(Key(k), k * input);
                                added++;
                            }

                            return added;

                            static string Key(int k) => "item-" + k;
                        }

                        private static string Classify(int value) => value switch
                        {
                            < 10 => "small",
                            < 100 => "medium",
                            _ => "large",
                        };

                        private static async Task<int> RunAsync(Store{{i}} store, int input)
                        {
                            await Task.Yield();
                            return store.TryGet("item-" + (input % {{capacity}}), out var value) ? value : -1;
                        }
                    }
                }

                """;
        }

        /// <summary>System.Random: a seeded field everywhere, and in some files new Random(), Random.Shared or a clock seed.</summary>
        private static string RandomFile(int i, int files, SplitMix64 random)
        {
            var node = Node(i);
            var seed = 1 + random.Next(10_000);
            var variant = random.Next(4);
            var extra = variant switch
            {
                0 => "            var local = new Random();\n            result += local.Next(100);\n",
                1 => "            result += Random.Shared.Next(0, 10);\n",
                2 => "            var fromClock = new Random(Environment.TickCount);\n            result += fromClock.Next(5);\n",
                _ => "            result += Noise(input) > 0.5 ? 1 : 0;\n",
            };
            return $$"""
                using System;
                using System.Collections.Generic;

                namespace {{Area(i)}}
                {
                    public static class {{node}}
                    {
                        private static readonly Random Seeded = new Random({{seed}});

                        public static int Run(int input)
                        {
                            var values = Shuffle(new List<int> { 1, 2, 3, input }, Seeded);
                            int result = values[0];
                {{extra}}{{ChildCalls(i, files, "result", "            ")}}            return result;
                        }

                        private static List<int> Shuffle(List<int> items, Random random)
                        {
                            for (int k = items.Count - 1; k > 0; k--)
                            {
                                int j = random.Next(k + 1);
                                (items[k], items[j]) = (items[j], items[k]);
                            }

                            return items;
                        }

                        private static double Noise(int seed)
                        {
                            var random = new Random(seed);
                            return random.NextDouble();
                        }
                    }
                }

                """;
        }

        /// <summary>
        /// A TorchSharp model class with field initialisers, a helper that builds a model, a batch
        /// lambda handed to the training loop, and a seed before the model, after it, or none.
        /// </summary>
        private static string TorchFile(int i, int files, SplitMix64 random)
        {
            var node = Node(i);
            var hidden = 8 * (1 + random.Next(8));
            var seed = random.Next(1000);
            var seeding = random.Next(3);
            var start = seeding switch
            {
                0 => $"            torch.manual_seed({seed});\n            var model = new Net{i}();\n",
                1 => $"            var model = new Net{i}();\n            torch.manual_seed({seed});\n",
                _ => $"            var model = new Net{i}();\n",
            };
            var cuda = random.Next(5) == 0
                ? "            var device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;\n            result += (int)torch.zeros(2).to(device).sum().item<float>();\n"
                : string.Empty;
            var shared = random.Next(10) == 0
                ? "        private static readonly Linear SharedHead = nn.Linear(2, 2);\n\n"
                : string.Empty;
            return $$"""
                using System;
                using System.Linq;
                using TorchSharp;
                using TorchSharp.Modules;
                using static TorchSharp.torch;

                namespace {{Area(i)}}
                {
                    public sealed class Net{{i}} : nn.Module<Tensor, Tensor>
                    {
                        private readonly Linear _input = nn.Linear(16, {{hidden}});
                        private readonly Linear _output = nn.Linear({{hidden}}, 4);
                        private readonly Dropout _dropout = nn.Dropout(0.1);

                        public Net{{i}}()
                            : base(nameof(Net{{i}}))
                        {
                            RegisterComponents();
                        }

                        public override Tensor forward(Tensor x)
                            => _output.forward(_dropout.forward(nn.functional.relu(_input.forward(x))));
                    }

                    public static class {{node}}
                    {
                {{shared}}        public static int Run(int input)
                        {
                {{start}}            var head = BuildHead();
                            Func<Tensor> batches = () => torch.randn(8, 16);
                            float loss = Train(model, batches, 1 + (input % 3));
                            var extra = Enumerable.Range(0, 2).Select(k => torch.rand(2)).ToList();
                            int result = (int)(loss * 1000) + extra.Count + (int)head.forward(torch.ones(1, 4)).sum().item<float>();
                {{cuda}}{{ChildCalls(i, files, "result", "            ")}}            return result;
                        }

                        private static Sequential BuildHead() => nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1));

                        private static float Train(Net{{i}} model, Func<Tensor> batches, int epochs)
                        {
                            using var optimizer = torch.optim.Adam(model.parameters(), lr: 0.001);
                            var target = torch.zeros(8, 4);
                            float last = 0;
                            for (int epoch = 0; epoch < epochs; epoch++)
                            {
                                using var scope = torch.NewDisposeScope();
                                optimizer.zero_grad();
                                var loss = nn.functional.mse_loss(model.forward(batches()), target);
                                loss.backward();
                                optimizer.step();
                                last = loss.item<float>();
                            }

                            return last;
                        }
                    }
                }

                """;
        }

        /// <summary>SplitMix64: a tiny generator with a fixed seed, so every run writes the same code.</summary>
        internal sealed class SplitMix64
        {
            private ulong _state;

            public SplitMix64(ulong seed) => _state = seed;

            /// <summary>A number in [0, <paramref name="bound"/>).</summary>
            public int Next(int bound)
            {
                _state += 0x9E3779B97F4A7C15UL;
                var z = _state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                return (int)(z % (ulong)bound);
            }
        }
    }
}
