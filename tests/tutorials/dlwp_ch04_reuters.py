# Quoted from https://github.com/fchollet/deep-learning-with-python-notebooks/blob/503b0f4bf9e43b8a17d805aababd860fd3293f7c/chapter04_classification-and-regression.ipynb
# (MIT License, Copyright (c) 2017-present Francois Chollet): the code cells 35-66.

# %% [cell 35]
from _data import reuters  # changed: data, local arrays (was: from keras.datasets import reuters)

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(
    num_words=10000
)

# %% [cell 36]
len(train_data)

# %% [cell 37]
len(test_data)

# %% [cell 38]
train_data[10]

# %% [cell 39]
word_index = reuters.get_word_index()
reverse_word_index = dict([(value, key) for (key, value) in word_index.items()])
decoded_newswire = " ".join(
    [reverse_word_index.get(i - 3, "?") for i in train_data[10]]
)

# %% [cell 40]
train_labels[10]

# %% [cell 42]
x_train = multi_hot_encode(train_data, num_classes=10000)
x_test = multi_hot_encode(test_data, num_classes=10000)

# %% [cell 43]
def one_hot_encode(labels, num_classes=46):
    results = np.zeros((len(labels), num_classes))
    for i, label in enumerate(labels):
        results[i, label] = 1.0
    return results

y_train = one_hot_encode(train_labels)
y_test = one_hot_encode(test_labels)

# %% [cell 44]
from nnlib.utils import to_categorical  # changed: import (was: from keras.utils import to_categorical)

y_train = to_categorical(train_labels)
y_test = to_categorical(test_labels)

# %% [cell 46]
model = keras.Sequential(
    [
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(46, activation="softmax"),
    ]
)

# %% [cell 47]
top_3_accuracy = keras.metrics.TopKCategoricalAccuracy(
    k=3, name="top_3_accuracy"
)
model.compile(
    optimizer="adam",
    loss="categorical_crossentropy",
    metrics=["accuracy", top_3_accuracy],
)

# %% [cell 49]
x_val = x_train[:200]  # changed: 200 of the 500 local samples (was: 1000 of 8982)
partial_x_train = x_train[200:]  # changed: 200 of the 500 local samples (was: 1000 of 8982)
y_val = y_train[:200]  # changed: 200 of the 500 local samples (was: 1000 of 8982)
partial_y_train = y_train[200:]  # changed: 200 of the 500 local samples (was: 1000 of 8982)

# %% [cell 50]
history = model.fit(
    partial_x_train,
    partial_y_train,
    epochs=20,
    batch_size=512,
    validation_data=(x_val, y_val),
)

# %% [cell 51]
loss = history.history["loss"]
val_loss = history.history["val_loss"]
epochs = range(1, len(loss) + 1)
plt.plot(epochs, loss, "r--", label="Training loss")
plt.plot(epochs, val_loss, "b", label="Validation loss")
plt.title("Training and validation loss")
plt.xlabel("Epochs")
plt.xticks(epochs)
plt.ylabel("Loss")
plt.legend()
plt.show()

# %% [cell 52]
plt.clf()
acc = history.history["accuracy"]
val_acc = history.history["val_accuracy"]
plt.plot(epochs, acc, "r--", label="Training accuracy")
plt.plot(epochs, val_acc, "b", label="Validation accuracy")
plt.title("Training and validation accuracy")
plt.xlabel("Epochs")
plt.xticks(epochs)
plt.ylabel("Accuracy")
plt.legend()
plt.show()

# %% [cell 53]
plt.clf()
acc = history.history["top_3_accuracy"]
val_acc = history.history["val_top_3_accuracy"]
plt.plot(epochs, acc, "r--", label="Training top-3 accuracy")
plt.plot(epochs, val_acc, "b", label="Validation top-3 accuracy")
plt.title("Training and validation top-3 accuracy")
plt.xlabel("Epochs")
plt.xticks(epochs)
plt.ylabel("Top-3 accuracy")
plt.legend()
plt.show()

# %% [cell 54]
model = keras.Sequential(
    [
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(46, activation="softmax"),
    ]
)
model.compile(
    optimizer="adam",
    loss="categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    x_train,
    y_train,
    epochs=9,
    batch_size=512,
)
results = model.evaluate(x_test, y_test)

# %% [cell 55]
results

# %% [cell 56]
import copy
test_labels_copy = copy.copy(test_labels)
np.random.shuffle(test_labels_copy)
hits_array = np.array(test_labels == test_labels_copy)
hits_array.mean()

# %% [cell 58]
predictions = model.predict(x_test)

# %% [cell 59]
predictions[0].shape

# %% [cell 60]
np.sum(predictions[0])

# %% [cell 61]
np.argmax(predictions[0])

# %% [cell 63]
y_train = train_labels
y_test = test_labels

# %% [cell 64]
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

# %% [cell 66]
model = keras.Sequential(
    [
        layers.Dense(64, activation="relu"),
        layers.Dense(4, activation="relu"),
        layers.Dense(46, activation="softmax"),
    ]
)
model.compile(
    optimizer="adam",
    loss="categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    partial_x_train,
    partial_y_train,
    epochs=20,
    batch_size=128,
    validation_data=(x_val, y_val),
)
