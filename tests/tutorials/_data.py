"""Local stand-ins for the Keras datasets that the quoted tutorials download.

Each object here has the ``load_data`` of the Keras dataset it replaces (same arguments,
same return structure, same per-sample shapes and dtypes), plus ``num_train`` and
``num_test`` arguments because the tutorials run on far fewer samples than the real
datasets hold (the machine that runs the tests has 2 cores). The data are drawn from a
fixed seed and are learnable, so that "the loss fell" and "the accuracy beats chance" are
meaningful checks:

- ``mnist`` and ``fashion_mnist``: uint8 images of shape (28, 28), uint8 labels 0..9;
  each class is a fixed sparse pattern of bright pixels, and each image keeps 30% of its
  class's pattern, 20% of another class's pattern and some noise pixels (a small network
  reaches about 85% test accuracy in a few epochs).
- ``imdb``: reviews as lists of word indices (start character 1, indices below
  ``num_words``), int64 labels 0/1; each review holds words typical of its label.
- ``reuters``: newswires as lists of word indices, int64 labels 0..45 (every topic occurs
  in both splits, as in the real data, so ``to_categorical`` gives 46 columns); each topic
  has its own key words.
- ``california_housing``: float32 features of shape (8,) on the real columns' scales
  (income, house age, rooms, ..., latitude, longitude) and float32 prices in dollars
  between 15,000 and 500,001 that depend on the features.
- ``cifar10``: uint8 colour images of shape (32, 32, 3) and uint8 labels 0..9 of shape
  (n, 1), as Keras's; each class is a fixed colour pattern, and each image mixes its
  class's pattern (40%) with noise, so a linear model on normalized pixels beats chance.

``imdb.get_word_index()`` and ``reuters.get_word_index()`` return a made-up vocabulary
``{"word1": 1, "word2": 2, ...}`` of the real vocabulary's structure (word -> rank).
"""

import numpy as np

SEED = 1234


class _Images:
    """A stand-in for ``keras.datasets.mnist`` / ``fashion_mnist``: 28x28 uint8 images."""

    def __init__(self, seed):
        self.seed = seed

    def load_data(self, path=None, num_train=600, num_test=200):
        """Return ``(x_train, y_train), (x_test, y_test)``: uint8 (n, 28, 28) and uint8 (n,)."""
        rng = np.random.default_rng(self.seed)
        patterns = (rng.random((10, 28, 28)) < 0.2) * rng.integers(128, 256, (10, 28, 28))

        def draw(n):
            labels = rng.integers(0, 10, n).astype(np.uint8)
            decoys = rng.integers(0, 10, n)  # a faint second pattern, to make it less easy
            kept = rng.random((n, 28, 28)) < 0.3
            noise = (rng.random((n, 28, 28)) < 0.15) * rng.integers(0, 256, (n, 28, 28))
            decoy = patterns[decoys] * (rng.random((n, 28, 28)) < 0.2)
            images = np.maximum.reduce([patterns[labels] * kept, decoy, noise]).astype(np.uint8)
            return images, labels

        return draw(num_train), draw(num_test)


class _Sequences:
    """A stand-in for ``keras.datasets.imdb`` / ``reuters``: lists of word indices."""

    def __init__(self, seed, num_classes, key_words_per_class, default_num_words, num_train, num_test):
        self.seed = seed
        self.num_train = num_train
        self.num_test = num_test
        self.num_classes = num_classes
        self.key_words_per_class = key_words_per_class
        self.default_num_words = default_num_words

    def load_data(self, path=None, num_words=None, skip_top=0, maxlen=None, seed=113,
                  start_char=1, oov_char=2, index_from=3, test_split=0.2,
                  num_train=None, num_test=None, **kwargs):
        """Return ``(x_train, y_train), (x_test, y_test)``: object arrays of int lists, int64 labels."""
        rng = np.random.default_rng(self.seed)
        num_words = num_words or self.default_num_words
        first_word = index_from + 1
        first_key = first_word + 20  # the 20 most frequent words say nothing about the label
        key_words = first_key + np.arange(self.num_classes * self.key_words_per_class).reshape(
            self.num_classes, self.key_words_per_class
        )
        common = np.arange(first_key + key_words.size, num_words)
        zipf = 1.0 / np.arange(1, common.size + 1)
        zipf /= zipf.sum()

        def draw(n):
            labels = np.concatenate([np.arange(min(n, self.num_classes)), rng.integers(0, self.num_classes, n)])[:n]
            labels = rng.permutation(labels).astype(np.int64)
            sequences = []
            for label in labels:
                length = int(rng.integers(20, 80))
                words = rng.choice(common, size=length, p=zipf)
                keys = rng.choice(key_words[label], size=int(rng.integers(10, 30)))
                other = rng.choice(key_words.ravel(), size=int(rng.integers(0, 4)))
                words = rng.permutation(np.concatenate([words, keys, other, rng.integers(first_word, first_key, 5)]))
                sequences.append([start_char] + [int(w) for w in words])
            return np.array(sequences, dtype="object"), labels

        return draw(num_train or self.num_train), draw(num_test or self.num_test)

    def get_word_index(self, path=None):
        """Return a made-up vocabulary ``{"word1": 1, ...}`` (word -> rank, as Keras's)."""
        return {f"word{rank}": rank for rank in range(1, self.default_num_words + 1)}


class _CaliforniaHousing:
    """A stand-in for ``keras.datasets.california_housing``: 8 float32 features, prices in dollars."""

    def __init__(self, seed):
        self.seed = seed

    def load_data(self, version="large", path=None, test_split=0.2, seed=113, num_samples=None):
        """Return ``(x_train, y_train), (x_test, y_test)``: float32 (n, 8) and float32 (n,).

        ``version="small"`` gives 600 samples, as Keras's (480 for training, 120 for testing).
        """
        n = num_samples or (600 if version == "small" else 2000)
        rng = np.random.default_rng(self.seed)
        income = rng.gamma(4.0, 1.0, n)
        age = rng.integers(1, 53, n).astype(float)
        rooms = rng.normal(5.4, 1.2, n).clip(1.5, 12.0)
        bedrooms = rng.normal(1.1, 0.1, n).clip(0.5, 2.0)
        population = rng.lognormal(7.0, 0.7, n)
        occupancy = rng.normal(3.0, 0.7, n).clip(1.0, 8.0)
        latitude = rng.uniform(32.5, 42.0, n)
        longitude = -124.3 + (42.0 - latitude) * 0.95 + rng.normal(0.0, 0.8, n)
        x = np.stack([income, age, rooms, bedrooms, population, occupancy, latitude, longitude], axis=1)
        coastal = np.exp(-((longitude + 122.0 + (latitude - 37.5)) ** 2))
        price = 40000 * income + 1200 * age + 90000 * coastal - 8000 * occupancy + rng.normal(0, 25000, n)
        y = price.clip(15000, 500001)
        split = int(n * (1 - test_split))
        x, y = x.astype(np.float32), y.astype(np.float32)
        return (x[:split], y[:split]), (x[split:], y[split:])


class _ColourImages:
    """A stand-in for ``keras.datasets.cifar10``: 32x32 RGB uint8 images, labels of shape (n, 1)."""

    def __init__(self, seed):
        self.seed = seed

    def load_data(self, num_train=600, num_test=200):
        """Return ``(x_train, y_train), (x_test, y_test)``: uint8 (n, 32, 32, 3) and uint8 (n, 1)."""
        rng = np.random.default_rng(self.seed)
        patterns = rng.integers(0, 256, (10, 32, 32, 3))

        def draw(n):
            labels = rng.integers(0, 10, n)
            noise = rng.integers(0, 256, (n, 32, 32, 3))
            images = 0.4 * patterns[labels] + 0.6 * noise  # every pixel in [0, 255]
            return images.astype(np.uint8), labels.astype(np.uint8).reshape(n, 1)

        return draw(num_train), draw(num_test)


mnist = _Images(SEED)
fashion_mnist = _Images(SEED + 1)
imdb = _Sequences(SEED + 2, num_classes=2, key_words_per_class=40, default_num_words=10000, num_train=600, num_test=300)
reuters = _Sequences(SEED + 3, num_classes=46, key_words_per_class=20, default_num_words=10000, num_train=500, num_test=200)
california_housing = _CaliforniaHousing(SEED + 4)
cifar10 = _ColourImages(SEED + 5)
