# Quoted from https://github.com/tensorflow/docs/blob/5f8a83a6f288f9278b3137dee82893c423175fb4/site/en/tutorials/keras/classification.ipynb
# (Apache License 2.0, Copyright The TensorFlow Authors; the notebook also carries an MIT licence for Francois Chollet's code): the code cells 6-38.

# %% [cell 6]
# TensorFlow and tf.keras
import tensorflow as tf

# Helper libraries
import numpy as np
import matplotlib.pyplot as plt

print(tf.__version__)

# %% [cell 9]
fashion_mnist = tf.keras.datasets.fashion_mnist

(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()

# %% [cell 11]
class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
               'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']

# %% [cell 13]
train_images.shape

# %% [cell 15]
len(train_labels)

# %% [cell 17]
train_labels

# %% [cell 19]
test_images.shape

# %% [cell 21]
len(test_labels)

# %% [cell 23]
plt.figure()
plt.imshow(train_images[0])
plt.colorbar()
plt.grid(False)
plt.show()

# %% [cell 25]
train_images = train_images / 255.0

test_images = test_images / 255.0

# %% [cell 27]
plt.figure(figsize=(10,10))
for i in range(25):
    plt.subplot(5,5,i+1)
    plt.xticks([])
    plt.yticks([])
    plt.grid(False)
    plt.imshow(train_images[i], cmap=plt.cm.binary)
    plt.xlabel(class_names[train_labels[i]])
plt.show()

# %% [cell 30]
model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation='relu'),
    tf.keras.layers.Dense(10)
])

# %% [cell 32]
model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])

# %% [cell 35]
model.fit(train_images, train_labels, epochs=10)

# %% [cell 38]
test_loss, test_acc = model.evaluate(test_images,  test_labels, verbose=2)

print('\nTest accuracy:', test_acc)
