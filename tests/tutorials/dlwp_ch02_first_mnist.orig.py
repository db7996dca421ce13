# Quoted from https://github.com/fchollet/deep-learning-with-python-notebooks/blob/503b0f4bf9e43b8a17d805aababd860fd3293f7c/chapter02_mathematical-building-blocks.ipynb
# (MIT License, Copyright (c) 2017-present Francois Chollet): the code cells 6-21.

# %% [cell 6]
from keras.datasets import mnist

(train_images, train_labels), (test_images, test_labels) = mnist.load_data()

# %% [cell 7]
train_images.shape

# %% [cell 8]
len(train_labels)

# %% [cell 9]
train_labels

# %% [cell 10]
test_images.shape

# %% [cell 11]
len(test_labels)

# %% [cell 12]
test_labels

# %% [cell 13]
import keras
from keras import layers

model = keras.Sequential(
    [
        layers.Dense(512, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)

# %% [cell 14]
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

# %% [cell 15]
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28))
test_images = test_images.astype("float32") / 255

# %% [cell 16]
model.fit(train_images, train_labels, epochs=5, batch_size=128)

# %% [cell 17]
test_digits = test_images[0:10]
predictions = model.predict(test_digits)
predictions[0]

# %% [cell 18]
predictions[0].argmax()

# %% [cell 19]
predictions[0][7]

# %% [cell 20]
test_labels[0]

# %% [cell 21]
test_loss, test_acc = model.evaluate(test_images, test_labels)
print(f"test_acc: {test_acc}")
